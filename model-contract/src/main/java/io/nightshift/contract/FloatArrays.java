package io.nightshift.contract;

/** Comparisons of float tensors, shared by export parity checks, tiling checks, benchmarks and tests. */
public final class FloatArrays {
    private FloatArrays() {
    }

    /**
     * The largest absolute difference of two equally long arrays; NaN when either holds a NaN, so a broken
     * output never passes a tolerance check.
     *
     * @throws IllegalArgumentException when the lengths differ
     */
    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (!(d <= max)) {
                max = d; // NaN propagates as the maximum
            }
        }
        return max;
    }

    /** Population standard deviation: lets a test assert that outputs actually vary. */
    public static double standardDeviation(float[] a) {
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
