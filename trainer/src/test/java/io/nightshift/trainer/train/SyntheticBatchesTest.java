package io.nightshift.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.EnhancerContract;
import io.nightshift.contract.PlanarImage;
import io.nightshift.trainer.data.EnhancerSample;
import io.nightshift.trainer.data.PhotoPairGenerator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Enhancer batches of contract v2: the v1 input and each example's noise planes, estimated from its dark patch. */
class SyntheticBatchesTest {

    private static final int PATCH = 128;

    private static SyntheticBatches batches() {
        return new SyntheticBatches(List.of(texture(512, 512, 3)), List.of(), 0, PhotoPairGenerator.sid(PATCH), null,
                4, 7);
    }

    @Test
    void aV2BatchIsTheV1BatchWithTwoConstantNoisePlanesPerExample() {
        Batch v1 = batches().enhancerBatch(5);
        Batch v2 = batches().withEnhancerContract(EnhancerContract.V2).enhancerBatch(5);
        assertEquals(4, v1.inputShape().get(1));
        assertEquals(6, v2.inputShape().get(1));
        int area = PATCH * PATCH;
        int known = 0;
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 4 * area; k++) {
                assertEquals(v1.input()[i * 4 * area + k], v2.input()[i * 6 * area + k], "packed channels unchanged");
            }
            for (int plane = 4; plane < 6; plane++) {
                int from = i * 6 * area + plane * area;
                for (int k = 1; k < area; k++) {
                    assertEquals(v2.input()[from], v2.input()[from + k], "plane " + plane + " is constant");
                }
            }
            known += v2.input()[i * 6 * area + 4 * area] > 0 ? 1 : 0;
        }
        assertTrue(known >= 3, "most patches give an estimate: " + known + " of 4");
        assertEquals(v1.target().length, v2.target().length);
    }

    /**
     * The shot plane is the amplified noise: across examples it follows √(K·ratio) (K drawn over 64×, the ratio
     * over 1–300), so its logarithm correlates with the ratio's.
     */
    @Test
    void theShotPlaneGrowsWithTheRatio() {
        SyntheticBatches data = batches();
        int n = 48;
        double[] logRatio = new double[n];
        double[] logShot = new double[n];
        int used = 0;
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < n; i++) {
            EnhancerSample s = data.enhancerSample(random);
            float shot = s.noise().shotSigma();
            if (!(shot > 0)) {
                continue;
            }
            logRatio[used] = Math.log(s.ratio());
            logShot[used] = Math.log(shot);
            used++;
        }
        double r = correlation(logRatio, logShot, used);
        System.out.printf("log shot plane against log ratio: r = %.2f over %d examples%n", r, used);
        assertTrue(used >= 40, used + " of " + n + " examples have an estimate");
        assertTrue(r > 0.5, "correlation " + r);
    }

    private static double correlation(double[] a, double[] b, int n) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i] / n;
            mb += b[i] / n;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** A photograph-like sRGB image: shading, texture and edges, in [0.05, 0.95]. */
    static PlanarImage texture(int h, int w, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PlanarImage p = PlanarImage.zeros(3, h, w);
        for (int c = 0; c < 3; c++) {
            double phase = random.nextDouble() * 6;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = 0.2 + 0.4 * x / w + 0.15 * Math.sin(y / 11.0 + phase) + ((x / 40 + y / 30) % 2 == 0 ? 0.2 : 0);
                    p.set(c, y, x, (float) Math.min(0.95, Math.max(0.05, v)));
                }
            }
        }
        return p;
    }
}
