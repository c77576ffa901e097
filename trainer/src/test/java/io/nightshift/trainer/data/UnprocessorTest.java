package io.nightshift.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.WhiteBalance;
import io.nightshift.contract.post.ColorMatrix;
import io.nightshift.contract.post.SrgbCurve;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UnprocessorTest {

    /** A camera→sRGB matrix of the usual kind: rows sum to 1, saturating. */
    private static final ColorMatrix CAMERA = ColorMatrix.of(1.6, -0.45, -0.15, -0.2, 1.5, -0.3, 0.05, -0.55, 1.5);
    private static final WhiteBalance WB = new WhiteBalance(2.1f, 1f, 1.7f);

    @Test
    void packedTimesWhiteBalanceIsTheTargetAtEveryMosaicSite() {
        Unprocessor.Pair pair = new Unprocessor(CAMERA, WB).unprocess(randomSrgb(8, 12, 0.0, 1.0, 1));
        float[] gains = WB.packedGains();
        for (int c = 0; c < 4; c++) {
            int[] o = BayerPacking.offset(c);
            int rgb = c == 0 ? 0 : c == 2 ? 2 : 1;
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 6; x++) {
                    float raw = pair.packed().get(c, y, x);
                    assertTrue(raw >= 0 && raw <= 1, "raw in [0, 1]");
                    assertEquals(pair.target().get(rgb, 2 * y + o[0], 2 * x + o[1]), raw * gains[c], 1e-6);
                }
            }
        }
    }

    @Test
    void theContractsPostProcessingOfTheTargetGivesThePhotographBack() {
        PlanarImage srgb = randomSrgb(6, 6, 0.35, 0.65, 2);
        PlanarImage target = new Unprocessor(CAMERA, WB).unprocess(srgb).target();
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 6; x++) {
                for (int r = 0; r < 3; r++) {
                    double linear = 0;
                    for (int c = 0; c < 3; c++) {
                        linear += CAMERA.get(r, c) * target.get(c, y, x);
                    }
                    assertEquals(srgb.get(r, y, x), SrgbCurve.encode(Math.min(Math.max(linear, 0), 1)), 1e-5);
                }
            }
        }
    }

    @Test
    void highlightsAreNotDarkenedByTheInverseWhiteBalance() {
        PlanarImage white = PlanarImage.zeros(3, 2, 2);
        java.util.Arrays.fill(white.data(), 1f);
        PlanarImage packed = new Unprocessor(ColorMatrix.IDENTITY, WB).unprocess(white).packed();
        for (int c = 0; c < 4; c++) {
            assertEquals(1f, packed.get(c, 0, 0), 1e-6, "safe gains keep a white highlight saturated");
        }
        PlanarImage grey = PlanarImage.zeros(3, 2, 2);
        java.util.Arrays.fill(grey.data(), 0.5f);
        PlanarImage darker = new Unprocessor(ColorMatrix.IDENTITY, WB).unprocess(grey).packed();
        assertEquals(SrgbCurve.decode(0.5) / 2.1, darker.get(0, 0, 0), 1e-6, "mid-tones get the plain inverse gain");
    }

    private static PlanarImage randomSrgb(int h, int w, double lo, double hi, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        PlanarImage img = PlanarImage.zeros(3, h, w);
        for (int i = 0; i < img.data().length; i++) {
            img.data()[i] = (float) r.nextDouble(lo, hi);
        }
        return img;
    }
}
