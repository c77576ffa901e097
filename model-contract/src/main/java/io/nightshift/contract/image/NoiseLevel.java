package io.nightshift.contract.image;

import io.nightshift.contract.ContractV1;
import io.nightshift.contract.PlanarImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The noise of a dark frame as a Poisson–Gaussian model, estimated from the frame itself, so that the worker (on a
 * camera's frame) and the trainer (on a synthetic patch) compute it with the same code: a packed pixel of mean
 * {@code x} (black-subtracted, in [0, 1], before white balance and ratio) varies by {@code shot·x + read}.
 *
 * <p>How: every 8×8 block of each packed channel that holds no clipped pixel gives its mean and the variance of its
 * second differences along rows and columns (divided by 6, the factor for white noise), which smooth content barely
 * raises; blocks sorted by mean are cut into groups of equal count, and in each group the 10th percentile of those
 * variances — the flattest blocks, texture left out — corrected by the same percentile measured on pure noise is the
 * noise variance at the group's mean; a least-squares line through the groups gives {@code shot} and {@code read}.
 * Row noise enters half (the column differences see it, the row differences cancel it).
 */
public record NoiseLevel(double shot, double read) {

    /** Block side in packed pixels. */
    public static final int BLOCK = 8;
    /** Fewest unclipped blocks an estimate is made from. */
    public static final int MIN_BLOCKS = 32;
    private static final int MAX_GROUPS = 16;
    private static final double PERCENTILE = 0.10;
    /** The chosen percentile of the block statistic over the true variance, on pure Gaussian noise. */
    private static final double PERCENTILE_BIAS = percentileBias();

    public NoiseLevel {
        if (!(shot >= 0) || !(read >= 0) || Double.isInfinite(shot) || Double.isInfinite(read)) {
            throw new IllegalArgumentException("noise level needs finite shot ≥ 0 and read ≥ 0, got " + shot + ", " + read);
        }
    }

    /** The estimate for a packed frame, or empty when it has fewer than {@link #MIN_BLOCKS} unclipped blocks. */
    public static Optional<NoiseLevel> estimate(PlanarImage packed) {
        EnhancerInput.checkPacked(packed);
        List<double[]> blocks = new ArrayList<>(); // {mean, variance}
        for (int c = 0; c < ContractV1.PACKED_CHANNELS; c++) {
            for (int y = 0; y + BLOCK <= packed.height(); y += BLOCK) {
                for (int x = 0; x + BLOCK <= packed.width(); x += BLOCK) {
                    double[] b = block(packed.data(), c * packed.planeSize() + y * packed.width() + x, packed.width());
                    if (b != null) {
                        blocks.add(b);
                    }
                }
            }
        }
        if (blocks.size() < MIN_BLOCKS) {
            return Optional.empty();
        }
        blocks.sort((p, q) -> Double.compare(p[0], q[0]));
        int groups = Math.max(1, Math.min(MAX_GROUPS, blocks.size() / MIN_BLOCKS)); // each of ≥ MIN_BLOCKS blocks
        double[] means = new double[groups];
        double[] variances = new double[groups];
        for (int g = 0; g < groups; g++) {
            List<double[]> group = blocks.subList(g * blocks.size() / groups, (g + 1) * blocks.size() / groups);
            double[] v = new double[group.size()];
            double m = 0;
            for (int i = 0; i < v.length; i++) {
                v[i] = group.get(i)[1];
                m += group.get(i)[0] / v.length;
            }
            Arrays.sort(v);
            means[g] = m;
            variances[g] = v[(int) (PERCENTILE * (v.length - 1))] / PERCENTILE_BIAS;
        }
        return Optional.of(fit(means, variances));
    }

    /** The variance of a pixel of mean {@code x}. */
    public double variance(double x) {
        return shot * Math.max(0, x) + read;
    }

    /**
     * The model after amplification by {@code ratio}, for the enhancer input {@code y = ratio·x}:
     * {@code var(y) = shot·ratio·y + read·ratio²}; returns {@code {shot·ratio, read·ratio²}}.
     */
    public float[] amplified(double ratio) {
        return new float[] {(float) (shot * ratio), (float) (read * ratio * ratio)};
    }

    /** Mean and noise variance of the block at {@code start}, or null when a pixel is clipped (≤ 0 or ≥ 1). */
    private static double[] block(float[] data, int start, int stride) {
        double sum = 0;
        for (int r = 0; r < BLOCK; r++) {
            for (int k = 0; k < BLOCK; k++) {
                float v = data[start + r * stride + k];
                if (!(v > 0f && v < 1f)) {
                    return null;
                }
                sum += v;
            }
        }
        double squares = 0;
        int n = 0;
        for (int r = 0; r < BLOCK; r++) {
            for (int k = 1; k + 1 < BLOCK; k++) {
                int i = start + r * stride + k;
                double along = data[i - 1] - 2.0 * data[i] + data[i + 1];
                int j = start + k * stride + r;
                double across = data[j - stride] - 2.0 * data[j] + data[j + stride];
                squares += along * along + across * across;
                n += 2;
            }
        }
        return new double[] {sum / (BLOCK * BLOCK), squares / n / 6};
    }

    /** Least squares {@code v = shot·m + read}, both kept ≥ 0. */
    static NoiseLevel fit(double[] m, double[] v) {
        int n = m.length;
        double mm = 0, mv = 0, sm = 0, sv = 0;
        for (int i = 0; i < n; i++) {
            sm += m[i];
            sv += v[i];
            mm += m[i] * m[i];
            mv += m[i] * v[i];
        }
        double det = n * mm - sm * sm;
        double shot = det > 1e-30 ? (n * mv - sm * sv) / det : 0;
        double read = (sv - shot * sm) / n;
        if (shot < 0) {
            return new NoiseLevel(0, Math.max(0, sv / n));
        }
        if (read < 0) {
            return new NoiseLevel(mm > 0 ? Math.max(0, mv / mm) : 0, 0);
        }
        return new NoiseLevel(shot, read);
    }

    /** The percentile of the block statistic on unit-variance Gaussian noise (fixed seed: the same everywhere). */
    private static double percentileBias() {
        SplittableRandom random = new SplittableRandom(20261206);
        int blocks = 4000;
        float[] data = new float[BLOCK * BLOCK];
        double[] v = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (0.5 + 0.01 * random.nextGaussian());
            }
            v[b] = block(data, 0, BLOCK)[1] / 1e-4;
        }
        Arrays.sort(v);
        return v[(int) (PERCENTILE * (blocks - 1))];
    }
}
