package io.nightshift.trainer.noise;

import java.util.random.RandomGenerator;

/**
 * A camera's noise calibration in ELD's form: the system gain K drawn log-uniformly from
 * [kMin, kMax], and the read and row noise following K on log-linear lines,
 * {@code ln σ = slope·ln K + intercept}, with a Gaussian spread around each line (camera-to-camera and
 * frame-to-frame variation). Natural logarithms, DN of the raw data.
 *
 * @param readSpread standard deviation of {@code ln σ_read} around its line
 * @param rowSpread  standard deviation of {@code ln σ_row} around its line
 */
public record SensorCalibration(String camera, double kMin, double kMax, double readSlope, double readIntercept,
        double readSpread, double rowSlope, double rowIntercept, double rowSpread) {

    /**
     * Sony A7S2 (the SID camera), published by ELD: K from 0.094 to 6.01, ln σ_read = 0.462·ln K + 0.566,
     * ln σ_row = 0.528·ln K − 0.592. The spreads (0.25 each) are our choice, not ELD's figures: wide enough
     * that the network sees cameras a little noisier and cleaner than the fit.
     */
    public static final SensorCalibration SONY_A7S2 =
            new SensorCalibration("Sony A7S2", 0.094, 6.01, 0.462, 0.566, 0.25, 0.528, -0.592, 0.25);

    public SensorCalibration {
        if (!(kMin > 0) || !(kMax >= kMin) || !(readSpread >= 0) || !(rowSpread >= 0)) {
            throw new IllegalArgumentException("need 0 < kMin ≤ kMax and non-negative spreads");
        }
    }

    /** One exposure's noise parameters. */
    public NoiseParameters sample(RandomGenerator random) {
        double lnK = Math.log(kMin) + random.nextDouble() * (Math.log(kMax) - Math.log(kMin));
        double lnRead = readSlope * lnK + readIntercept + readSpread * random.nextGaussian();
        double lnRow = rowSlope * lnK + rowIntercept + rowSpread * random.nextGaussian();
        return new NoiseParameters(Math.exp(lnK), Math.exp(lnRead), Math.exp(lnRow));
    }

    /** The parameters on the fitted lines (no spread) for a given K. */
    public NoiseParameters atGain(double k) {
        return new NoiseParameters(k, Math.exp(readSlope * Math.log(k) + readIntercept),
                Math.exp(rowSlope * Math.log(k) + rowIntercept));
    }
}
