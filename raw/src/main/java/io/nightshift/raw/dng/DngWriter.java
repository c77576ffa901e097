package io.nightshift.raw.dng;

import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.Channel;

/**
 * Writes a Bayer CFA DNG (uncompressed, one strip, little-endian) from Java: the mosaic, its layout,
 * black and white levels, exposure, ISO, aperture, as-shot neutral and colour matrix. LibRaw and
 * Debian's {@code raw-identify} / {@code dcraw_emu} read it like a camera file. The shot and colour
 * tags are {@link DngTags}'s, shared with {@link LinearDngWriter}.
 */
public final class DngWriter {

    private DngWriter() {
    }

    /** The DNG file holding {@code plane} as described by {@code frame}. */
    public static byte[] write(DngFrame frame, BayerPlane plane) {
        if (plane.width() != frame.width() || plane.height() != frame.height()) {
            throw new IllegalArgumentException("plane is " + plane.width() + "x" + plane.height() + ", frame says "
                    + frame.width() + "x" + frame.height());
        }
        int bits = frame.bitsPerSample();
        int rowBytes = bits == 16 ? frame.width() * 2 : (frame.width() * bits + 7) / 8;
        int stripBytes = Math.multiplyExact(rowBytes, frame.height());
        DngTags.Layout layout = DngTags.layout(mainDirectory(frame, stripBytes), DngTags.exif(frame.shot()), stripBytes);
        strip(plane, bits, rowBytes, layout.file(), layout.stripOffset());
        return layout.file();
    }

    private static TiffDirectory mainDirectory(DngFrame f, int stripBytes) {
        int[] cfa = new int[4];
        for (int i = 0; i < 4; i++) {
            cfa[i] = "RGB".indexOf(f.cfa().colorAt(i >> 1, i & 1));
        }
        // BlackLevel holds one value per position of the 2x2 repeat, row by row
        long[] black = new long[4];
        for (Channel channel : Channel.values()) {
            black[f.cfa().rowOf(channel) * 2 + f.cfa().colOf(channel)] = f.black().of(channel);
        }
        TiffDirectory d = new TiffDirectory()
                .longs(254, 0)
                .longs(256, f.width())
                .longs(257, f.height())
                .shorts(258, f.bitsPerSample())
                .shorts(259, 1)
                .shorts(262, 32803)
                .shorts(274, 1)
                .shorts(277, 1)
                .longs(278, f.height())
                .longs(279, stripBytes)
                .shorts(284, 1)
                .shorts(33421, 2, 2)
                .bytes(33422, cfa)
                .shorts(50713, 2, 2)
                .longs(50714, black)
                .longs(50717, f.white());
        DngTags.shot(d, f.shot(), "Nightshift DngWriter");
        return DngTags.colour(d, f.xyzToCamera(), f.asShotNeutral());
    }

    /** Samples row by row: 16-bit little-endian, or 12/14-bit packed most significant bit first. */
    private static void strip(BayerPlane plane, int bits, int rowBytes, byte[] out, int offset) {
        short[] samples = plane.samples();
        int w = plane.width();
        int limit = (1 << bits) - 1;
        for (int y = 0; y < plane.height(); y++) {
            int o = offset + y * rowBytes;
            if (bits == 16) {
                for (int x = 0; x < w; x++) {
                    int v = samples[y * w + x] & 0xFFFF;
                    out[o++] = (byte) v;
                    out[o++] = (byte) (v >>> 8);
                }
                continue;
            }
            long acc = 0;
            int held = 0;
            for (int x = 0; x < w; x++) {
                int v = samples[y * w + x] & 0xFFFF;
                if (v > limit) {
                    throw new IllegalArgumentException("sample " + v + " at (" + x + "," + y + ") needs more than "
                            + bits + " bits");
                }
                acc = (acc << bits) | v;
                held += bits;
                while (held >= 8) {
                    out[o++] = (byte) (acc >>> (held - 8));
                    held -= 8;
                }
            }
            if (held > 0) {
                out[o] = (byte) (acc << (8 - held));
            }
        }
    }
}
