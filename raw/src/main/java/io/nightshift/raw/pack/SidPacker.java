package io.nightshift.raw.pack;

import io.nightshift.libraw.global.LibRawApi;
import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.CfaLayout;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.RawGeometry;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Packs a Bayer mosaic the way "Learning to See in the Dark" feeds its network: each 2×2 block
 * becomes one pixel of four channels R, G1, B, G2, whatever the camera's layout (the origin moves by
 * a row and/or a column to a red pixel, the size is cropped to even), black subtracted per channel,
 * divided by (white − black), clamped to [0, 1].
 *
 * <p>The packing runs in one pass in native code ({@code nightshift_pack.h} in the LibRaw binding,
 * vectorised by g++), reading the mosaic in place, from LibRaw's {@code raw_image} or from a Java
 * array, and writing in place into a Java array (JNI critical regions: nothing is copied; the
 * garbage collector waits for the few milliseconds a 12 MP frame takes). Rows are not split across
 * threads: a worker already decodes one file per core, so more threads per frame would only move
 * time between frames, not add throughput.
 */
public final class SidPacker {

    private SidPacker() {
    }

    public static PackedRaw pack(DecodedRaw raw) {
        return pack(raw.plane(), raw.cfa(), raw.black().toArray(), raw.white());
    }

    /** As {@link #pack(DecodedRaw)}, into the caller's reused array. */
    public static PackedRaw pack(DecodedRaw raw, PackBuffers buffers) {
        return pack(raw.plane(), raw.cfa(), raw.black().toArray(), raw.white(), buffers);
    }

    /**
     * @param black per-channel black levels, R, G1, B, G2
     */
    public static PackedRaw pack(BayerPlane plane, CfaLayout layout, int[] black, int white) {
        return pack(plane, layout, black, white, new PackBuffers());
    }

    /** As {@link #pack(BayerPlane, CfaLayout, int[], int)}, into the caller's reused array. */
    public static PackedRaw pack(BayerPlane plane, CfaLayout layout, int[] black, int white, PackBuffers buffers) {
        PackCrop crop = PackCrop.of(layout, plane.width(), plane.height());
        Levels levels = Levels.of(black, white);
        float[] out = buffers.take(4 * (crop.height() / 2) * (crop.width() / 2));
        long first = (long) crop.y() * plane.width() + crop.x();
        LibRawApi.nightshift_sid_pack(plane.samples(), first, plane.width(), crop.height() / 2, crop.width() / 2,
                levels.bR, levels.bG1, levels.bB, levels.bG2, levels.sR, levels.sG1, levels.sB, levels.sG2, out);
        return new PackedRaw(out, crop.height() / 2, crop.width() / 2, crop);
    }

    /**
     * Packs straight from a 16-bit mosaic in native memory, such as LibRaw's {@code raw_image} after
     * {@code unpack}: the visible frame starts at the geometry's margins, rows lie {@code pitch}
     * samples apart. The mosaic is read in place, never copied.
     *
     * @param mosaic the mosaic's first sample; its capacity, when set, is checked against the frame
     * @param pitch samples from one row of the mosaic to the next (at least the raw width)
     * @param black per-channel black levels, R, G1, B, G2
     */
    public static PackedRaw pack(ShortPointer mosaic, long pitch, RawGeometry geometry, CfaLayout layout, int[] black,
            int white, PackBuffers buffers) {
        if (mosaic == null || mosaic.isNull()) {
            throw new IllegalArgumentException("no mosaic");
        }
        if (pitch < geometry.rawWidth() || geometry.leftMargin() + geometry.width() > geometry.rawWidth()
                || geometry.topMargin() + geometry.height() > geometry.rawHeight()) {
            throw new IllegalArgumentException("visible frame " + geometry + " does not fit rows of " + pitch
                    + " samples");
        }
        long needed = pitch * geometry.rawHeight();
        long capacity = mosaic.capacity() - mosaic.position();
        if (mosaic.capacity() > 0 && capacity < needed) {
            throw new IllegalArgumentException("mosaic holds " + capacity + " samples, the frame needs " + needed);
        }
        PackCrop crop = PackCrop.of(layout, geometry.width(), geometry.height());
        Levels levels = Levels.of(black, white);
        float[] out = buffers.take(4 * (crop.height() / 2) * (crop.width() / 2));
        long first = (long) (geometry.topMargin() + crop.y()) * pitch + geometry.leftMargin() + crop.x();
        LibRawApi.nightshift_sid_pack(mosaic, first, pitch, crop.height() / 2, crop.width() / 2,
                levels.bR, levels.bG1, levels.bB, levels.bG2, levels.sR, levels.sG1, levels.sB, levels.sG2, out);
        return new PackedRaw(out, crop.height() / 2, crop.width() / 2, crop);
    }

    /**
     * The same packing in plain Java, one sample at a time: the reference the native packer is
     * tested against.
     */
    static PackedRaw packPortable(BayerPlane plane, CfaLayout layout, int[] black, int white) {
        PackCrop crop = PackCrop.of(layout, plane.width(), plane.height());
        int outW = crop.width() / 2;
        int outH = crop.height() / 2;
        float[] out = new float[4 * outH * outW];
        short[] in = plane.samples();
        int stride = plane.width();
        int plane4 = outH * outW;
        Levels l = Levels.of(black, white);
        for (int row = 0; row < outH; row++) {
            int red = (crop.y() + 2 * row) * stride + crop.x();
            int blue = red + stride;
            int o = row * outW;
            for (int col = 0; col < outW; col++, o++, red += 2, blue += 2) {
                out[o] = clamp(((in[red] & 0xFFFF) - l.bR) * l.sR);
                out[plane4 + o] = clamp(((in[red + 1] & 0xFFFF) - l.bG1) * l.sG1);
                out[2 * plane4 + o] = clamp(((in[blue + 1] & 0xFFFF) - l.bB) * l.sB);
                out[3 * plane4 + o] = clamp(((in[blue] & 0xFFFF) - l.bG2) * l.sG2);
            }
        }
        return new PackedRaw(out, outH, outW, crop);
    }

    private static float clamp(float v) {
        return Math.min(1f, Math.max(0f, v));
    }

    /** Black levels and 1 / (white − black), per channel, as single-precision floats. */
    private record Levels(float bR, float bG1, float bB, float bG2, float sR, float sG1, float sB, float sG2) {
        static Levels of(int[] black, int white) {
            if (black.length != 4) {
                throw new IllegalArgumentException("four black levels, R, G1, B, G2");
            }
            for (int b : black) {
                if (white <= b) {
                    throw new IllegalArgumentException("white " + white + " is not above black " + b);
                }
            }
            float bR = black[0], bG1 = black[1], bB = black[2], bG2 = black[3];
            return new Levels(bR, bG1, bB, bG2, 1f / (white - bR), 1f / (white - bG1), 1f / (white - bB),
                    1f / (white - bG2));
        }
    }
}
