package io.nightshift.contract.testing;

import java.util.SplittableRandom;

/** Seeded random arrays and comparisons for tests. */
public final class TestData {

    private TestData() {
    }

    /** Uniform values in [lo, hi). */
    public static float[] uniform(long seed, int n, double lo, double hi) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return v;
    }

    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    /** Standard deviation: tests assert outputs actually vary, so equality is not trivially met. */
    public static double std(float[] a) {
        double sum = 0;
        double sq = 0;
        for (float v : a) {
            sum += v;
            sq += (double) v * v;
        }
        double mean = sum / a.length;
        return Math.sqrt(Math.max(0, sq / a.length - mean * mean));
    }
}
