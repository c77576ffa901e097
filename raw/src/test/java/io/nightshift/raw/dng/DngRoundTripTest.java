package io.nightshift.raw.dng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.BlackLevels;
import io.nightshift.raw.CfaLayout;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.decode.RawDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Written DNGs read back exactly through LibRaw, and Debian's raw-identify agrees. */
class DngRoundTripTest {

    private static RawDecoder decoder;

    @BeforeAll
    static void open() {
        decoder = new RawDecoder();
    }

    @AfterAll
    static void close() {
        decoder.close();
    }

    static BayerPlane randomPlane(int width, int height, int max, long seed) {
        Random random = new Random(seed);
        short[] samples = new short[width * height];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) random.nextInt(max + 1);
        }
        return new BayerPlane(width, height, samples);
    }

    @ParameterizedTest
    @CsvSource({
        "RGGB, 14, 512, 16383",
        "BGGR, 12, 256, 4095",
        "GRBG, 16, 1024, 65535",
        "GBRG, 14, 600, 15000",
    })
    void libRawReadsBackEveryWrittenValue(CfaLayout layout, int bits, int black, int white) {
        BlackLevels blacks = new BlackLevels(black, black + 2, black + 4, black + 6);
        DngFrame frame = DngFrame.sonyLike(62, 44).withLayout(layout).withLevels(bits, blacks, white);
        BayerPlane plane = randomPlane(62, 44, (1 << bits) - 1, bits);

        DecodedRaw raw = decoder.decode(DngWriter.write(frame, plane));

        assertEquals(layout, raw.cfa());
        assertEquals(blacks, raw.black());
        assertEquals(white, raw.white());
        assertEquals(62, raw.width());
        assertEquals(44, raw.height());
        assertArrayEquals(plane.samples(), raw.plane().samples(), "every sample");
        assertEquals(3200, raw.capture().iso());
        assertEquals(1 / 30.0, raw.capture().exposureSeconds(), 1e-6);
        assertEquals(4.0, raw.capture().aperture(), 1e-3);
        assertEquals("Nightshift", raw.capture().make());
        assertEquals("Synthetic a7S II", raw.capture().model());
        assertEquals(Instant.parse("2024-01-02T03:04:05Z"), raw.capture().captureTime().orElseThrow());
        // as-shot neutral (0.5, 1, 0.625) is white balance (2, 1, 1.6) normalised to green
        assertEquals(2.0f, raw.asShotWhiteBalance().r(), 1e-4);
        assertEquals(1.0f, raw.asShotWhiteBalance().g2(), 1e-4);
        assertEquals(1.6f, raw.asShotWhiteBalance().b(), 1e-4);
        // the written matrix makes camera RGB linear sRGB: camera-to-sRGB is the identity
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                assertEquals(row == col ? 1.0 : 0.0, raw.cameraToSrgb().get(row, col), 2e-3, "rgb_cam " + row + col);
            }
        }
    }

    @Test
    void sonyLikeFullFrameRoundTrips() {
        DngFrame frame = DngFrame.sonyLike(4256, 2848);
        BayerPlane plane = randomPlane(4256, 2848, 16383, 7);
        DecodedRaw raw = decoder.decode(DngWriter.write(frame, plane));
        assertEquals(CfaLayout.RGGB, raw.cfa());
        assertEquals(BlackLevels.uniform(512), raw.black());
        assertEquals(16383, raw.white());
        assertArrayEquals(plane.samples(), raw.plane().samples());
    }

    @ParameterizedTest
    @CsvSource({
        "RGGB, 14, RGGBRGGBRGGBRGGB",
        "BGGR, 12, BGGRBGGRBGGRBGGR",
        "GRBG, 16, GRBGGRBGGRBGGRBG",
        "GBRG, 14, GBRGGBRGGBRGGBRG",
    })
    void rawIdentifyReportsLayoutLevelsAndSizes(CfaLayout layout, int bits, String filterPattern, @TempDir Path dir)
            throws IOException, InterruptedException {
        int white = (1 << bits) - 1 - 100;
        BlackLevels blacks = new BlackLevels(300, 302, 304, 306);
        DngFrame frame = DngFrame.sonyLike(96, 64).withLayout(layout).withLevels(bits, blacks, white);
        Path file = dir.resolve("frame.dng");
        Files.write(file, DngWriter.write(frame, randomPlane(96, 64, white, 3)));

        String report = run("raw-identify", "-v", file.toString());

        assertContains(report, "Filter pattern: " + filterPattern);
        assertContains(report, "Image size:\\s+96 x 64");
        assertContains(report, "Full size:\\s+96 x 64");
        assertContains(report, "ISO speed: 3200");
        assertContains(report, "Camera: Nightshift Synthetic a7S II");
        // the 2x2 black pattern, row by row from the origin
        int[] pattern = new int[4];
        for (var channel : io.nightshift.raw.Channel.values()) {
            pattern[layout.rowOf(channel) * 2 + layout.colOf(channel)] = blacks.of(channel);
        }
        assertContains(report, "cblack\\[6 \\.\\. 9\\]: " + pattern[0] + " " + pattern[1] + " " + pattern[2] + " "
                + pattern[3]);
        // dcraw_emu renders it (the white level is checked through LibRaw above)
        Path tiff = dir.resolve("frame.tiff");
        run("dcraw_emu", "-T", "-Z", tiff.toString(), file.toString());
        assertTrue(Files.size(tiff) > 96 * 64 * 3, "dcraw_emu wrote a full TIFF");
    }

    private static void assertContains(String text, String regex) {
        assertTrue(java.util.regex.Pattern.compile(regex).matcher(text).find(), () -> "no /" + regex + "/ in:\n" + text);
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertEquals(0, process.waitFor(), () -> String.join(" ", command) + ": " + new String(out));
        return new String(out);
    }
}
