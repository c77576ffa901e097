package io.nightshift.inference.ratio;

/** The range an estimated amplification ratio is clamped to (SID trains on ratios up to 300). */
public record RatioRange(double min, double max) {

    public static final RatioRange DEFAULT = new RatioRange(1, 300);

    public RatioRange {
        if (!(min > 0) || !(max >= min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("ratio range needs 0 < min ≤ max < ∞, got [" + min + ", " + max + "]");
        }
    }

    public double clamp(double ratio) {
        return ratio < min ? min : Math.min(ratio, max);
    }

    /** The ratio a worker uses for a network's estimate: clamped to the range, a NaN estimate taken as the minimum. */
    public double served(double estimated) {
        return Double.isNaN(estimated) ? min : clamp(estimated);
    }
}
