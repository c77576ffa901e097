package io.nightshift.raw.dng;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.raw.UnsupportedSensorException;
import io.nightshift.raw.decode.RawDecoder;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** Files LibRaw reads but that are not 2×2 Bayer mosaics give the unsupported-sensor error. */
class UnsupportedSensorTest {

    private static final int W = 36;
    private static final int H = 24;

    /** A DNG with the given photometric, samples per pixel and (for CFA) repeat pattern. */
    private static byte[] dng(int photometric, int samplesPerPixel, int patternSide, int[] pattern) {
        byte[] strip = new byte[W * H * samplesPerPixel * 2];
        for (int i = 0; i < strip.length; i += 2) {
            strip[i] = (byte) (i * 7);
            strip[i + 1] = (byte) ((i >> 4) & 0x0F);
        }
        int[] bits = new int[samplesPerPixel];
        java.util.Arrays.fill(bits, 16);
        TiffDirectory ifd = new TiffDirectory()
                .longs(254, 0).longs(256, W).longs(257, H).shorts(258, bits).shorts(259, 1)
                .shorts(262, photometric).ascii(271, "Nightshift").ascii(272, "Odd sensor").longs(273, 0)
                .shorts(274, 1).shorts(277, samplesPerPixel).longs(278, H).longs(279, strip.length).shorts(284, 1)
                .bytes(50706, 1, 4, 0, 0).ascii(50708, "Nightshift Odd sensor").longs(50717, 65535)
                .signedRationals(50721, 10000, 10000, 0, 10000, 0, 10000, 0, 10000, 10000, 10000, 0, 10000, 0,
                        10000, 0, 10000, 10000, 10000);
        if (pattern != null) {
            ifd.shorts(33421, patternSide, patternSide).bytes(33422, pattern);
        }
        int stripOffset = 8 + ifd.size();
        ifd.longs(273, stripOffset);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0});
        out.writeBytes(ifd.serialize(8));
        out.writeBytes(strip);
        return out.toByteArray();
    }

    @Test
    void linearDng() {
        try (RawDecoder decoder = new RawDecoder()) {
            UnsupportedSensorException e = assertThrows(UnsupportedSensorException.class,
                    () -> decoder.decode(dng(34892, 3, 0, null)));
            assertTrue(e.getMessage().contains("linear"), e.getMessage());
        }
    }

    @Test
    void xTransPattern() {
        // Fuji's 6x6 X-Trans layout
        int[] xtrans = {
            1, 1, 0, 1, 1, 2,
            1, 1, 2, 1, 1, 0,
            2, 0, 1, 0, 2, 1,
            1, 1, 2, 1, 1, 0,
            1, 1, 0, 1, 1, 2,
            0, 2, 1, 2, 0, 1};
        try (RawDecoder decoder = new RawDecoder()) {
            UnsupportedSensorException e = assertThrows(UnsupportedSensorException.class,
                    () -> decoder.decode(dng(32803, 1, 6, xtrans)));
            assertTrue(e.getMessage().contains("X-Trans"), e.getMessage());
        }
    }
}
