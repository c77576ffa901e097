package io.nightshift.trainer.eval;

import java.util.Arrays;

/** Quantiles by linear interpolation between order statistics (numpy's default); NaN for no values. */
public final class Percentiles {
    private Percentiles() {
    }

    /** The {@code q} quantile, {@code q} in [0, 1]. */
    public static double of(double[] values, double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be in [0, 1]: " + q);
        }
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, v.length - 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }
}
