package io.nightshift.raw.pack;

import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.CfaLayout;
import io.nightshift.raw.DecodedRaw;

/**
 * Packs a Bayer mosaic the way "Learning to See in the Dark" feeds its network: each 2×2 block
 * becomes one pixel of four channels R, G1, B, G2, whatever the camera's layout (the origin moves by
 * a row and/or a column to a red pixel, the size is cropped to even), black subtracted per channel,
 * divided by (white − black), clamped to [0, 1].
 */
public final class SidPacker {

    private SidPacker() {
    }

    public static PackedRaw pack(DecodedRaw raw) {
        return pack(raw.plane(), raw.cfa(), raw.black().toArray(), raw.white());
    }

    /**
     * @param black per-channel black levels, R, G1, B, G2
     */
    public static PackedRaw pack(BayerPlane plane, CfaLayout layout, int[] black, int white) {
        PackCrop crop = PackCrop.of(layout, plane.width(), plane.height());
        int outW = crop.width() / 2;
        int outH = crop.height() / 2;
        float[] out = new float[4 * outH * outW];
        short[] in = plane.samples();
        int stride = plane.width();
        int plane4 = outH * outW;
        // one pass over each pair of rows: red row gives R and G1, blue row gives G2 and B
        float bR = black[0], bG1 = black[1], bB = black[2], bG2 = black[3];
        float sR = 1f / (white - bR), sG1 = 1f / (white - bG1), sB = 1f / (white - bB), sG2 = 1f / (white - bG2);
        for (int row = 0; row < outH; row++) {
            int red = (crop.y() + 2 * row) * stride + crop.x();
            int blue = red + stride;
            int o = row * outW;
            for (int col = 0; col < outW; col++, o++, red += 2, blue += 2) {
                out[o] = clamp(((in[red] & 0xFFFF) - bR) * sR);
                out[plane4 + o] = clamp(((in[red + 1] & 0xFFFF) - bG1) * sG1);
                out[2 * plane4 + o] = clamp(((in[blue + 1] & 0xFFFF) - bB) * sB);
                out[3 * plane4 + o] = clamp(((in[blue] & 0xFFFF) - bG2) * sG2);
            }
        }
        return new PackedRaw(out, outH, outW, crop);
    }

    private static float clamp(float v) {
        return Math.min(1f, Math.max(0f, v));
    }
}
