package io.nightshift.contract.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import org.junit.jupiter.api.Test;

/** Contract v2's noise planes: what they hold, where they come from, and how the input carries them. */
class NoisePlanesTest {

    private static final double RANGE = 16383 - 512;

    @Test
    void thePlanesAreTheAmplifiedStandardDeviations() {
        NoiseLevel level = new NoiseLevel(2e-4, 3e-8);
        NoisePlanes planes = NoisePlanes.of(level, 100);
        assertEquals(Math.sqrt(2e-4 * 100), planes.shotSigma(), 1e-7);
        assertEquals(Math.sqrt(3e-8) * 100, planes.readSigma(), 1e-7);
        // the input's variance at y from the planes: shotSigma²·y + readSigma²
        double y = 0.4;
        assertEquals(100 * 100 * level.variance(y / 100),
                planes.shotSigma() * planes.shotSigma() * y + planes.readSigma() * planes.readSigma(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new NoisePlanes(-0.1f, 0));
        assertThrows(IllegalArgumentException.class, () -> new NoisePlanes(Float.NaN, 0));
    }

    /** From a dark frame with known noise, each plane within 15 % of the true one (variance within the estimator's). */
    @Test
    void aDarkFrameGivesItsOwnNoiseAndABlackOneGivesUnknown() {
        double k = 1.0;
        double sigma = 2.0;
        for (double ratio : new double[] {10, 100}) {
            PlanarImage frame = NoiseLevelTest.darkFrame(512, 512, ratio, k, sigma, 5);
            NoisePlanes planes = NoisePlanes.of(frame, ratio);
            double shot = Math.sqrt(k / RANGE * ratio);
            double read = sigma / RANGE * ratio;
            System.out.printf("ratio %.0f: shot σ %.4f (true %.4f), read σ %.4f (true %.4f)%n", ratio,
                    planes.shotSigma(), shot, planes.readSigma(), read);
            double y = 0.3;
            double estimated = planes.shotSigma() * planes.shotSigma() * y + planes.readSigma() * planes.readSigma();
            double truth = shot * shot * y + read * read;
            assertTrue(estimated / truth > 0.75 && estimated / truth < 1.33, estimated + " against " + truth);
        }
        assertEquals(NoisePlanes.UNKNOWN, NoisePlanes.of(PlanarImage.zeros(4, 64, 64), 100));
    }

    @Test
    void theV2InputIsThePackedFourFollowedByTwoConstantPlanes() {
        PlanarImage input = PlanarImage.zeros(4, 3, 5);
        for (int i = 0; i < input.data().length; i++) {
            input.data()[i] = i / 100f;
        }
        PlanarImage six = EnhancerInput.withPlanes(input, new NoisePlanes(0.25f, 0.125f));
        assertEquals(6, six.channels());
        for (int c = 0; c < 4; c++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 5; x++) {
                    assertEquals(input.get(c, y, x), six.get(c, y, x));
                }
            }
        }
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
                assertEquals(0.25f, six.get(4, y, x));
                assertEquals(0.125f, six.get(5, y, x));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> EnhancerInput.withPlanes(six, NoisePlanes.UNKNOWN));
    }
}
