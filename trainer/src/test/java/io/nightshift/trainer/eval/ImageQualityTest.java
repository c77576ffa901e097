package io.nightshift.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageQualityTest {

    @Test
    void psnrOfAConstantOffsetAndSsimOfIdenticalAndNoisyImages() {
        PlanarImage a = random(1);
        PlanarImage b = PlanarImage.zeros(3, 32, 40);
        for (int i = 0; i < b.data().length; i++) {
            b.data()[i] = a.data()[i] + 0.1f;
        }
        assertEquals(20.0, ImageQuality.psnr(a, b), 1e-4);
        assertEquals(1.0, ImageQuality.ssim(a, a), 1e-9);
        PlanarImage noisy = PlanarImage.zeros(3, 32, 40);
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < noisy.data().length; i++) {
            noisy.data()[i] = a.data()[i] + (float) (0.2 * r.nextGaussian());
        }
        double s = ImageQuality.ssim(a, noisy);
        assertTrue(s < 0.9 && s > 0, "SSIM of a noisy copy: " + s);
        // a brightness offset lowers SSIM far less than noise of the same RMS
        assertTrue(ImageQuality.ssim(a, b) > s);
    }

    private static PlanarImage random(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        PlanarImage p = PlanarImage.zeros(3, 32, 40);
        for (int i = 0; i < p.data().length; i++) {
            p.data()[i] = (float) (0.3 + 0.4 * r.nextDouble());
        }
        return p;
    }
}
