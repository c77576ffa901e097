package io.nightshift.trainer.noise;

/**
 * The physics-based noise of one synthetic exposure, in digital numbers (DN) of the raw data above the
 * black level (ELD, Wei et al. CVPR 2020).
 *
 * @param systemGain K, DN per photo-electron: shot noise is {@code K·Poisson(signal / K)}
 * @param readSigma  standard deviation of the Gaussian read noise, per pixel
 * @param rowSigma   standard deviation of the row noise, one Gaussian offset shared by each sensor row
 */
public record NoiseParameters(double systemGain, double readSigma, double rowSigma) {

    /** Variance of rounding a continuous value to an integer DN (uniform error in [−½, ½]). */
    public static final double QUANTIZATION_VARIANCE = 1.0 / 12.0;

    public NoiseParameters {
        if (!(systemGain > 0) || !(readSigma >= 0) || !(rowSigma >= 0)
                || Double.isInfinite(systemGain) || Double.isInfinite(readSigma) || Double.isInfinite(rowSigma)) {
            throw new IllegalArgumentException("noise parameters must be finite, K > 0 and σ ≥ 0, got K " + systemGain
                    + ", σ_read " + readSigma + ", σ_row " + rowSigma);
        }
    }

    /**
     * The variance the model gives a pixel of mean {@code signal} DN: shot {@code K·signal} + read
     * {@code σ_read²} + row {@code σ_row²} + quantization {@code 1/12}.
     */
    public double variance(double signal) {
        return systemGain * signal + readSigma * readSigma + rowSigma * rowSigma + QUANTIZATION_VARIANCE;
    }
}
