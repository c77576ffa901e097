package io.nightshift.trainer.data;

import java.util.random.RandomGenerator;

/**
 * Draws amplification ratios for synthetic dark exposures: log-uniform on [1, max], and with
 * probability {@code focusWeight} log-uniform on [focusLow, max] instead, which weights the draws
 * towards SID's regime (ratios 100–300).
 *
 * @param max         the largest ratio (SID: 300)
 * @param focusLow    the lower end of the favoured band
 * @param focusWeight probability of drawing from the favoured band, in [0, 1]
 */
public record RatioSampler(double max, double focusLow, double focusWeight) {

    /** Ratios in [1, 300], half of the draws from SID's 100–300. */
    public static final RatioSampler SID = new RatioSampler(300, 100, 0.5);

    public RatioSampler {
        if (!(max >= 1) || !(focusLow >= 1 && focusLow <= max) || !(focusWeight >= 0 && focusWeight <= 1)) {
            throw new IllegalArgumentException("need 1 ≤ focusLow ≤ max and a focus weight in [0, 1], got "
                    + max + ", " + focusLow + ", " + focusWeight);
        }
    }

    /** The same range with another share of draws from the favoured band (0: plain log-uniform on [1, max]). */
    public RatioSampler withFocusWeight(double weight) {
        return new RatioSampler(max, focusLow, weight);
    }

    public double sample(RandomGenerator random) {
        double low = random.nextDouble() < focusWeight ? focusLow : 1;
        return Math.exp(Math.log(low) + random.nextDouble() * (Math.log(max) - Math.log(low)));
    }

    /** The probability that a draw lands in [a, b] (1 ≤ a ≤ b ≤ max). */
    public double probability(double a, double b) {
        double logMax = Math.log(max);
        double wide = overlap(a, b, 1) / logMax;
        double focus = focusLow == max ? (a <= max && max <= b ? 1 : 0) : overlap(a, b, focusLow) / (logMax - Math.log(focusLow));
        return (1 - focusWeight) * wide + focusWeight * focus;
    }

    private double overlap(double a, double b, double low) {
        double lo = Math.max(a, low);
        double hi = Math.min(b, max);
        return hi > lo ? Math.log(hi) - Math.log(lo) : 0;
    }
}
