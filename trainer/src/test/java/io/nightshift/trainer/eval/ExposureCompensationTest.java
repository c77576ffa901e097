package io.nightshift.trainer.eval;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.post.SrgbCurve;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExposureCompensationTest {

    /** A display image with structure: a gradient with texture, like a photograph's range of levels. */
    private static PlanarImage scene(int h, int w, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PlanarImage image = PlanarImage.zeros(3, h, w);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double linear = 0.02 + 0.5 * x / w * (0.6 + 0.4 * y / h) + 0.05 * random.nextDouble() + 0.03 * c;
                    image.data()[image.index(c, y, x)] = (float) SrgbCurve.encode(linear);
                }
            }
        }
        return image;
    }

    private static PlanarImage exposed(PlanarImage display, double gain) {
        PlanarImage out = PlanarImage.zeros(3, display.height(), display.width());
        for (int i = 0; i < display.data().length; i++) {
            out.data()[i] = (float) SrgbCurve.encode(SrgbCurve.decode(display.data()[i]) * gain);
        }
        return out;
    }

    @Test
    void aWrongBrightnessIsCompensatedAndMeasuredApart() {
        PlanarImage target = scene(120, 160, 1);
        PlanarImage dim = exposed(target, Math.pow(2, -0.7)); // 0.7 stop too dark
        double plain = ImageQuality.psnr(dim, target);
        ExposureCompensation.Result compensated = ExposureCompensation.psnr(dim, target);
        assertEquals(0.7, compensated.stops(), 0.01, "the gain that undoes the error");
        assertTrue(plain < 25, "plain PSNR pays for the brightness: " + plain);
        assertTrue(compensated.psnr() > 45, "compensated, only table and rounding errors remain: " + compensated);
    }

    @Test
    void noiseIsNotCompensatedAway() {
        PlanarImage target = scene(120, 160, 2);
        PlanarImage noisy = scene(120, 160, 3); // same gradient, other texture
        ExposureCompensation.Result result = ExposureCompensation.psnr(noisy, target);
        assertEquals(0, result.stops(), 0.1, "the right brightness needs no gain");
        assertEquals(ImageQuality.psnr(noisy, target), result.psnr(), 0.2, "and the figure is the plain one");
    }

    @Test
    void theTableEncodesAsTheCurve() {
        for (int i = 0; i <= 1000; i++) {
            float v = i / 1000f;
            assertEquals(SrgbCurve.encode(v), ExposureCompensation.encode(v), 2e-5, "at " + v);
        }
    }
}
