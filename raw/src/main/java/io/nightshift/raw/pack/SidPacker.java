package io.nightshift.raw.pack;

import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.CfaLayout;
import io.nightshift.raw.Channel;
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
        for (Channel channel : Channel.values()) {
            int c = channel.ordinal();
            float offset = black[c];
            float scale = 1f / (white - black[c]);
            int base = (crop.y() + channel.rowInRggb()) * stride + crop.x() + channel.colInRggb();
            int o = c * plane4;
            for (int row = 0; row < outH; row++) {
                int i = base + 2 * row * stride;
                for (int col = 0; col < outW; col++, i += 2) {
                    float v = ((in[i] & 0xFFFF) - offset) * scale;
                    out[o++] = v < 0f ? 0f : (v > 1f ? 1f : v);
                }
            }
        }
        return new PackedRaw(out, outH, outW, crop);
    }
}
