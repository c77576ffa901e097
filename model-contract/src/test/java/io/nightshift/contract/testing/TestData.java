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
}
