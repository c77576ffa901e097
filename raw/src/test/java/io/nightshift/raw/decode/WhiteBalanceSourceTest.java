package io.nightshift.raw.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.CfaLayout;
import io.nightshift.raw.Channel;
import io.nightshift.raw.ColorMatrix;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.Samples;
import io.nightshift.raw.WhiteBalance;
import io.nightshift.raw.dng.DngFrame;
import io.nightshift.raw.dng.DngWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * White balance without as-shot multipliers falls back to LibRaw's daylight multipliers, which
 * Debian's {@code raw-identify -v} prints as "Derived D65 multipliers" (R, G, B).
 */
class WhiteBalanceSourceTest {

    private static RawDecoder decoder;

    @BeforeAll
    static void open() {
        decoder = new RawDecoder();
    }

    @AfterAll
    static void close() {
        decoder.close();
    }

    /** raw-identify's daylight multipliers of a file, R, G, B. */
    private static float[] derivedD65(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("raw-identify", "-v", file.toString()).redirectErrorStream(true).start();
        String report = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), report);
        Matcher m = Pattern.compile("Derived D65 multipliers: ([0-9.]+) ([0-9.]+) ([0-9.]+)").matcher(report);
        assertTrue(m.find(), "no daylight multipliers in:\n" + report);
        return new float[] {Float.parseFloat(m.group(1)), Float.parseFloat(m.group(2)), Float.parseFloat(m.group(3))};
    }

    private static BayerPlane randomPlane(int width, int height, int max, long seed) {
        java.util.Random random = new java.util.Random(seed);
        short[] samples = new short[width * height];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (512 + random.nextInt(max - 511));
        }
        return new BayerPlane(width, height, samples);
    }

    private static void assertDaylight(float[] d65, WhiteBalance wb) {
        assertEquals(WhiteBalance.Source.DAYLIGHT, wb.source());
        assertEquals(d65[0] / d65[1], wb.r(), 1e-4f, "R / G");
        assertEquals(1f, wb.g1(), 0f);
        assertEquals(d65[2] / d65[1], wb.b(), 1e-4f, "B / G");
        assertEquals(1f, wb.g2(), 1e-4f, "the second green as green");
    }

    @ParameterizedTest
    @CsvSource({
        // the D1 records no white balance (LibRaw leaves 1 1 1 1); the D30's is marked absent (-1)
        "RAW_NIKON_D1.NEF", "RAW_CANON_D30_SRGB.CRW",
    })
    void realFilesWithoutAsShotMultipliersUseDaylight(String name) throws Exception {
        Path file = Samples.path(name);
        DecodedRaw raw = decoder.decode(Files.readAllBytes(file));
        assertDaylight(derivedD65(file), raw.asShotWhiteBalance());
        assertTrue(raw.asShotWhiteBalance().r() > 1.5f, "red gains, not the green-making 1 1 1");
    }

    @Test
    void dngWithAsShotNeutralUsesIt() {
        DngFrame frame = DngFrame.sonyLike(40, 30);
        WhiteBalance wb = decoder.decode(DngWriter.write(frame, randomPlane(40, 30, 16383, 1))).asShotWhiteBalance();
        assertEquals(WhiteBalance.Source.AS_SHOT, wb.source());
        double[] neutral = frame.asShotNeutral();
        assertEquals(neutral[1] / neutral[0], wb.r(), 1e-4);
        assertEquals(neutral[1] / neutral[2], wb.b(), 1e-4);
    }

    @ParameterizedTest
    @CsvSource({"RGGB", "BGGR", "GRBG", "GBRG"})
    void dngWithoutAsShotNeutralUsesDaylight(CfaLayout layout, @TempDir Path dir) throws Exception {
        // a camera whose red and blue are less sensitive than green: daylight needs red and blue gains
        double[] m = DngFrame.XYZ_TO_SRGB.rowMajor();
        double[] gains = {0.45, 1, 0.7};
        for (int i = 0; i < 9; i++) {
            m[i] *= gains[i / 3];
        }
        DngFrame frame = DngFrame.sonyLike(40, 30).withLayout(layout).withColorMatrix(new ColorMatrix(m))
                .withAsShotNeutral();
        Path file = dir.resolve("no-neutral.dng");
        Files.write(file, DngWriter.write(frame, randomPlane(40, 30, 16383, 2)));

        WhiteBalance wb = decoder.decode(Files.readAllBytes(file)).asShotWhiteBalance();

        assertDaylight(derivedD65(file), wb);
        assertEquals(1 / 0.45, wb.r(), 0.05, "red gain of the written camera");
        assertEquals(1 / 0.7, wb.b(), 0.05, "blue gain of the written camera");
        assertEquals(wb.g1(), wb.toArray()[Channel.G1.ordinal()], 0f);
    }
}
