package io.nightshift.raw.dng;

import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.Channel;
import java.io.ByteArrayOutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes a Bayer CFA DNG (uncompressed, one strip, little-endian) from Java: the mosaic, its layout,
 * black and white levels, exposure, ISO, aperture, as-shot neutral and colour matrix. LibRaw and
 * Debian's {@code raw-identify} / {@code dcraw_emu} read it like a camera file.
 */
public final class DngWriter {

    private static final DateTimeFormatter EXIF_TIME =
            DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int DENOMINATOR = 1_000_000;

    private DngWriter() {
    }

    /** The DNG file holding {@code plane} as described by {@code frame}. */
    public static byte[] write(DngFrame frame, BayerPlane plane) {
        if (plane.width() != frame.width() || plane.height() != frame.height()) {
            throw new IllegalArgumentException("plane is " + plane.width() + "x" + plane.height() + ", frame says "
                    + frame.width() + "x" + frame.height());
        }
        byte[] strip = strip(plane, frame.bitsPerSample());
        TiffDirectory exif = exifDirectory(frame);
        TiffDirectory main = mainDirectory(frame, strip.length);
        int mainOffset = 8;
        int exifOffset = mainOffset + main.size();
        int stripOffset = exifOffset + exif.size();
        main.longs(273, stripOffset).longs(34665, exifOffset);

        ByteArrayOutputStream out = new ByteArrayOutputStream(stripOffset + strip.length);
        out.writeBytes(new byte[] {'I', 'I', 42, 0, (byte) mainOffset, 0, 0, 0});
        out.writeBytes(main.serialize(mainOffset));
        out.writeBytes(exif.serialize(exifOffset));
        out.writeBytes(strip);
        return out.toByteArray();
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
        long[] matrix = new long[18];
        double[] m = f.xyzToCamera().rowMajor();
        for (int i = 0; i < 9; i++) {
            matrix[2 * i] = Math.round(m[i] * 10_000);
            matrix[2 * i + 1] = 10_000;
        }
        long[] neutral = new long[6];
        for (int c = 0; c < f.asShotNeutral().length; c++) {
            neutral[2 * c] = Math.round(f.asShotNeutral()[c] * DENOMINATOR);
            neutral[2 * c + 1] = DENOMINATOR;
        }
        TiffDirectory d = new TiffDirectory()
                .longs(254, 0)
                .longs(256, f.width())
                .longs(257, f.height())
                .shorts(258, f.bitsPerSample())
                .shorts(259, 1)
                .shorts(262, 32803)
                .ascii(271, f.make())
                .ascii(272, f.model())
                .longs(273, 0)
                .shorts(274, 1)
                .shorts(277, 1)
                .longs(278, f.height())
                .longs(279, stripBytes)
                .shorts(284, 1)
                .ascii(305, "Nightshift DngWriter")
                .shorts(33421, 2, 2)
                .bytes(33422, cfa)
                .longs(34665, 0)
                .bytes(50706, 1, 4, 0, 0)
                .bytes(50707, 1, 1, 0, 0)
                .ascii(50708, f.make() + " " + f.model())
                .shorts(50713, 2, 2)
                .longs(50714, black)
                .longs(50717, f.white())
                .signedRationals(50721, matrix)
                .shorts(50778, 21);
        if (f.asShotNeutral().length == 3) {
            d.rationals(50728, neutral);
        }
        f.captureTime().ifPresent(t -> d.ascii(306, EXIF_TIME.format(t)));
        return d;
    }

    private static TiffDirectory exifDirectory(DngFrame f) {
        TiffDirectory d = new TiffDirectory()
                .rationals(33434, Math.round(f.exposureSeconds() * DENOMINATOR), DENOMINATOR)
                .rationals(33437, Math.round(f.aperture() * 1000), 1000)
                .shorts(34855, Math.min(65535, f.iso()));
        f.captureTime().ifPresent(t -> d.ascii(36867, EXIF_TIME.format(t)));
        return d;
    }

    /** Samples row by row: 16-bit little-endian, or 12/14-bit packed most significant bit first. */
    private static byte[] strip(BayerPlane plane, int bits) {
        short[] samples = plane.samples();
        int w = plane.width();
        int rowBytes = bits == 16 ? w * 2 : (w * bits + 7) / 8;
        byte[] out = new byte[rowBytes * plane.height()];
        int limit = (1 << bits) - 1;
        for (int y = 0; y < plane.height(); y++) {
            int o = y * rowBytes;
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
        return out;
    }
}
