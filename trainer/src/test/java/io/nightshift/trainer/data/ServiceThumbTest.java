package io.nightshift.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.ContractV1;
import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.Thumbnail;
import io.nightshift.contract.image.WhiteBalance;
import io.nightshift.trainer.noise.NoiseParameters;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ServiceThumb} against the thumb a worker computes from a whole dark frame generated pixel by pixel: a
 * scene of 48×64 packed pixels shown on a frame six times larger each way (every scene pixel a 6×6 block), darkened
 * with the trainer's noise model, packed and reduced by the contract's {@link Thumbnail}. Over 30 draws of each,
 * per thumb pixel, the means differ by no more than sampling explains (no bias beyond a twentieth of the noise), and
 * the noise agrees within ±20 %; a thumb of the small
 * scene itself (what training used before) is several times noisier.
 */
class ServiceThumbTest {
    private static final int H = 48;
    private static final int W = 64;
    private static final int K = 6;
    private static final double RANGE = 16383 - 512;
    private static final NoiseParameters NOISE = new NoiseParameters(0.9, 4.0, 1.2);
    private static final WhiteBalance WB = new WhiteBalance(2.1f, 1f, 1.7f);
    private static final int DRAWS = 30;

    @ParameterizedTest
    @ValueSource(doubles = {3, 30, 250})
    void matchesTheThumbOfAWholeFrameOfThatSize(double ratio) {
        PlanarImage scene = scene(new SplittableRandom(1));
        PlanarImage frame = enlarged(scene, K);
        double servicePixels = 4.0 * H * K * W * K;
        int n = ContractV1.THUMB_CHANNELS * ContractV1.THUMB_SIZE * ContractV1.THUMB_SIZE;
        double[][] whole = new double[DRAWS][];
        double[][] made = new double[DRAWS][];
        double[][] small = new double[DRAWS][];
        SplittableRandom random = new SplittableRandom(7);
        for (int d = 0; d < DRAWS; d++) {
            whole[d] = toDouble(Thumbnail.of(DarkExposure.of(frame, RANGE, ratio, NOISE, random), WB));
            made[d] = toDouble(ServiceThumb.of(scene, WB, RANGE, ratio, NOISE, servicePixels, random));
            small[d] = toDouble(Thumbnail.of(DarkExposure.of(scene, RANGE, ratio, NOISE, random), WB));
        }
        double meanGap = 0;
        double bias = 0;
        double sdWhole = 0;
        double sdMade = 0;
        double sdSmall = 0;
        for (int i = 0; i < n; i++) {
            double[] w = column(whole, i);
            double[] m = column(made, i);
            meanGap += Math.abs(mean(w) - mean(m));
            bias += mean(m) - mean(w);
            sdWhole += sd(w);
            sdMade += sd(m);
            sdSmall += sd(column(small, i));
        }
        meanGap /= n;
        bias /= n;
        sdWhole /= n;
        sdMade /= n;
        sdSmall /= n;
        // two means of DRAWS draws differ by sampling alone by about √(2/π)·√(2/DRAWS)·σ on average
        double sampling = Math.sqrt(2 / Math.PI) * Math.sqrt(2.0 / DRAWS) * sdWhole;
        assertTrue(meanGap < 1.2 * sampling, "mean gap " + meanGap + " where sampling alone gives " + sampling);
        assertTrue(Math.abs(bias) < 0.05 * sdWhole, "bias " + bias + " against noise " + sdWhole);
        assertEquals(1, sdMade / sdWhole, 0.2, "noise made " + sdMade + " against the whole frame's " + sdWhole);
        assertTrue(sdSmall > 3 * sdWhole, "the small scene's own thumb: noise " + sdSmall + " against " + sdWhole);
    }

    /** Smooth shading from black to 0.9 of white with a dark corner, per channel a little different. */
    private static PlanarImage scene(SplittableRandom random) {
        PlanarImage p = PlanarImage.zeros(4, H, W);
        for (int c = 0; c < 4; c++) {
            double tilt = 0.6 + 0.1 * c;
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    double v = tilt * x / W * (0.5 + 0.5 * Math.sin(y * 0.2 + c)) + 0.05 * random.nextDouble();
                    p.set(c, y, x, (float) (x < 8 && y < 8 ? 0 : Math.min(0.9, v)));
                }
            }
        }
        return p;
    }

    private static PlanarImage enlarged(PlanarImage p, int k) {
        PlanarImage out = PlanarImage.zeros(p.channels(), p.height() * k, p.width() * k);
        for (int c = 0; c < p.channels(); c++) {
            for (int y = 0; y < out.height(); y++) {
                for (int x = 0; x < out.width(); x++) {
                    out.set(c, y, x, p.get(c, y / k, x / k));
                }
            }
        }
        return out;
    }

    private static double[] toDouble(PlanarImage p) {
        double[] d = new double[p.data().length];
        for (int i = 0; i < d.length; i++) {
            d[i] = p.data()[i];
        }
        return d;
    }

    private static double[] column(double[][] rows, int i) {
        double[] out = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            out[r] = rows[r][i];
        }
        return out;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double sd(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
