package io.nightshift.contract.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The noise estimate recovers the Poisson–Gaussian variance of a dark frame with texture, edges and clipped blacks,
 * at the levels the frame holds, from a whole frame and from a training-sized patch of it alike.
 */
class NoiseLevelTest {

    /** Sony A7S2-like: 14-bit range, K DN per electron, read noise σ DN. */
    private static final double RANGE = 16383 - 512;

    @Test
    void recoversTheVarianceOfADarkTexturedFrame() {
        for (double[] camera : new double[][] {{0.2, 1.2}, {1.0, 2.0}, {5.0, 4.5}}) {
            double k = camera[0];
            double sigma = camera[1];
            for (double ratio : new double[] {3, 30, 250}) {
                PlanarImage frame = darkFrame(512, 768, ratio, k, sigma, 7);
                NoiseLevel truth = new NoiseLevel(k / RANGE, (sigma / RANGE) * (sigma / RANGE));
                NoiseLevel estimate = NoiseLevel.estimate(frame).orElseThrow();
                for (double level : new double[] {0.15 / ratio, 0.5 / ratio}) {
                    double err = estimate.variance(level) / truth.variance(level);
                    System.out.printf("K %.1f σ %.1f ratio %3.0f x %.2e: estimated / true variance %.3f%n", k, sigma,
                            ratio, level, err);
                    assertTrue(err > 0.75 && err < 1.33, String.format(
                            "K %.1f σ %.1f ratio %.0f at x %.2e: variance %.3e against %.3e", k, sigma, ratio, level,
                            estimate.variance(level), truth.variance(level)));
                }
            }
        }
    }

    @Test
    void aPatchAndItsWholeFrameAgree() {
        PlanarImage frame = darkFrame(768, 1024, 100, 1.0, 2.0, 11);
        PlanarImage patch = crop(frame, 200, 300, 256);
        double level = 0.3 / 100;
        double whole = NoiseLevel.estimate(frame).orElseThrow().variance(level);
        double part = NoiseLevel.estimate(patch).orElseThrow().variance(level);
        System.out.printf("patch / whole frame variance %.3f%n", part / whole);
        assertTrue(part / whole > 0.7 && part / whole < 1.43, part + " against " + whole);
    }

    @Test
    void tooFewUnclippedBlocksGiveNoEstimate() {
        assertEquals(Optional.empty(), NoiseLevel.estimate(PlanarImage.zeros(4, 64, 64)), "all black: all clipped");
        assertEquals(Optional.empty(), NoiseLevel.estimate(darkFrame(16, 16, 10, 1, 2, 3)), "16 blocks");
    }

    @Test
    void theAmplifiedModelIsTheVarianceOfTheEnhancerInput() {
        NoiseLevel n = new NoiseLevel(2e-4, 3e-8);
        float[] st = n.amplified(100);
        double x = 0.004;
        double y = 100 * x;
        assertEquals(100 * 100 * n.variance(x), st[0] * y + st[1], 1e-9);
    }

    /**
     * Packed [4, h, w]: smooth shading, fine texture, hard edges and a black region (clipped to 0 after noise), scaled
     * into [0, 1/ratio], with shot noise K·Poisson(signal/K) and Gaussian read noise in DN.
     */
    static PlanarImage darkFrame(int h, int w, double ratio, double k, double sigma, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        PlanarImage img = PlanarImage.zeros(4, h, w);
        for (int c = 0; c < 4; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double clean = 0.15 + 0.5 * x / w + 0.2 * Math.sin(y / 9.0) * Math.sin(x / 5.0)
                            + ((x / 64 + y / 48) % 3 == 0 ? 0.25 : 0) - 0.03 * c;
                    if (x < w / 8) {
                        clean = 0; // black
                    }
                    double dn = Math.max(0, clean) * RANGE / ratio;
                    double shot = dn > 0 ? k * poisson(r, dn / k) : 0;
                    double noisy = shot + sigma * r.nextGaussian();
                    img.set(c, y, x, (float) (Math.max(0, noisy) / RANGE));
                }
            }
        }
        return img;
    }

    private static PlanarImage crop(PlanarImage img, int y0, int x0, int side) {
        PlanarImage out = PlanarImage.zeros(img.channels(), side, side);
        for (int c = 0; c < img.channels(); c++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    out.set(c, y, x, img.get(c, y0 + y, x0 + x));
                }
            }
        }
        return out;
    }

    private static double poisson(SplittableRandom r, double mean) {
        if (mean > 50) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
        }
        double l = Math.exp(-mean);
        double p = 1;
        int n = -1;
        do {
            n++;
            p *= r.nextDouble();
        } while (p > l);
        return n;
    }
}
