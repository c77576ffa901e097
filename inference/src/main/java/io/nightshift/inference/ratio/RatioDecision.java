package io.nightshift.inference.ratio;

/**
 * The amplification ratio used for one frame.
 *
 * @param ratio     the ratio the enhancer input is multiplied by
 * @param source    given by the job, or estimated
 * @param estimated the estimator's own value before clamping ({@code 2^log2_ratio}); NaN when given
 */
public record RatioDecision(double ratio, RatioSource source, double estimated) {

    public static RatioDecision given(double ratio) {
        return new RatioDecision(ratio, RatioSource.GIVEN, Double.NaN);
    }

    /** True when the estimate fell outside the range and was clamped. */
    public boolean clamped() {
        return source == RatioSource.ESTIMATED && estimated != ratio;
    }
}
