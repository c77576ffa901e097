package io.nightshift.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nightshift.contract.PlanarImage;
import io.nightshift.trainer.noise.NoiseParameters;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DarkExposureTest {

    private static final double RANGE = 16383 - 512;

    @Test
    void packingRoundTripsAndPlacesChannelsOnTheMosaic() {
        PlanarImage packed = PlanarImage.zeros(4, 3, 5);
        for (int i = 0; i < packed.data().length; i++) {
            packed.data()[i] = i;
        }
        float[] mosaic = BayerPacking.unpack(packed);
        assertEquals(packed.get(0, 1, 2), mosaic[2 * 10 + 4], "R at (2y, 2x)");
        assertEquals(packed.get(1, 1, 2), mosaic[2 * 10 + 5], "G1 at (2y, 2x+1)");
        assertEquals(packed.get(2, 1, 2), mosaic[3 * 10 + 5], "B at (2y+1, 2x+1)");
        assertEquals(packed.get(3, 1, 2), mosaic[3 * 10 + 4], "G2 at (2y+1, 2x)");
        assertArrayEquals(packed.data(), BayerPacking.pack(mosaic, 3, 5).data());
    }

    @Test
    void darkensByTheRatioWithTheModelsNoise() {
        int h = 256;
        int w = 256;
        double level = 0.5;
        double ratio = 100;
        PlanarImage clean = PlanarImage.zeros(4, h, w);
        Arrays.fill(clean.data(), (float) level);
        NoiseParameters noise = new NoiseParameters(1.0, 2.0, 0.5);
        PlanarImage dark = DarkExposure.of(clean, RANGE, ratio, noise, new SplittableRandom(9));

        double n = dark.data().length;
        double mean = 0;
        for (float v : dark.data()) {
            mean += v;
        }
        mean /= n;
        double variance = 0;
        for (float v : dark.data()) {
            variance += (v - mean) * (v - mean);
        }
        variance /= n - 1;
        double signalDn = level * RANGE / ratio; // 79 DN, ~9 DN of noise: clipping at 0 is negligible
        double expectedVariance = noise.variance(signalDn) / (RANGE * RANGE);
        assertEquals(level / ratio, mean, 5 * Math.sqrt(expectedVariance / n + 0.25 / (RANGE * RANGE) / (2 * h)));
        assertEquals(expectedVariance, variance, 0.03 * expectedVariance);
    }
}
