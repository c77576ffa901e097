package io.nightshift.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.raw.Channel;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.trainer.noise.NoiseParameters;
import io.nightshift.trainer.noise.SensorCalibration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DarkRawFileTest {

    private static final Path SAMPLES = Path.of(System.getProperty("nightshift.home", "..")).resolve("../shared/raw-samples")
            .normalize();

    /** LibRaw reads the dark DNG back as the same camera frame, {@code ratio} times darker and noisy. */
    @ParameterizedTest
    @CsvSource({"RAW_NIKON_D1.NEF, 100", "RAW_CANON_D30_SRGB.CRW, 50", "RAW_KODAK_DC50.KDC, 300"})
    void aDarkVersionIsTheSameFrameRatioTimesDarkerWithSensorNoise(String sample, double ratio) throws Exception {
        Path file = SAMPLES.resolve(sample);
        assertTrue(Files.exists(file), "the real samples must be present: " + file);
        try (RawDecoder decoder = new RawDecoder()) {
            DecodedRaw bright = decoder.decode(Files.readAllBytes(file));
            NoiseParameters noise = SensorCalibration.SONY_A7S2.atGain(1.0);
            DecodedRaw dark = decoder.decode(DarkRawFile.write(bright, ratio, noise, new SplittableRandom(5)));

            assertEquals(bright.width(), dark.width());
            assertEquals(bright.height(), dark.height());
            assertEquals(bright.cfa(), dark.cfa());
            assertEquals(bright.white(), dark.white());
            assertArrayEquals(bright.black().toArray(), dark.black().toArray());
            assertEquals(bright.capture().make(), dark.capture().make());
            assertEquals(bright.capture().exposureSeconds() / ratio, dark.capture().exposureSeconds(),
                    1e-6 + 1e-3 * bright.capture().exposureSeconds() / ratio);
            assertEquals(bright.asShotWhiteBalance().r() / bright.asShotWhiteBalance().g1(),
                    dark.asShotWhiteBalance().r() / dark.asShotWhiteBalance().g1(), 1e-3, "white balance kept");
            for (int i = 0; i < 9; i++) {
                assertEquals(bright.cameraToSrgb().rowMajor()[i], dark.cameraToSrgb().rowMajor()[i], 2e-3,
                        "LibRaw derives the camera's own colour from the written matrix");
            }

            int black = bright.black().of(Channel.R);
            double brightSignal = meanAbove(bright, black);
            double darkSignal = meanAbove(dark, black);
            assertEquals(brightSignal / ratio, darkSignal, 0.05 * brightSignal / ratio + 0.6,
                    "mean signal above black divided by the ratio (noise is zero-mean; clipping at 0 lifts it a little)");
            int changed = 0;
            short[] b = bright.plane().samples();
            short[] d = dark.plane().samples();
            for (int i = 0; i < b.length; i++) {
                long clean = Math.round(Math.max((b[i] & 0xFFFF) - black, 0) / ratio) + black;
                changed += (d[i] & 0xFFFF) != clean ? 1 : 0;
            }
            assertTrue(changed > b.length / 3, "sensor noise moves most samples off the clean value: " + changed
                    + " of " + b.length);
        }
    }

    @ParameterizedTest
    @CsvSource({"0.5", "NaN", "Infinity"})
    void refusesARatioBelowOne(double ratio) throws Exception {
        try (RawDecoder decoder = new RawDecoder()) {
            DecodedRaw bright = decoder.decode(Files.readAllBytes(SAMPLES.resolve("RAW_KODAK_DC50.KDC")));
            assertThrows(IllegalArgumentException.class, () -> DarkRawFile.write(bright, ratio,
                    SensorCalibration.SONY_A7S2.atGain(1.0), new SplittableRandom(1)));
        }
    }

    private static double meanAbove(DecodedRaw raw, int black) {
        double sum = 0;
        for (short s : raw.plane().samples()) {
            sum += (s & 0xFFFF) - black;
        }
        return sum / raw.plane().samples().length;
    }
}
