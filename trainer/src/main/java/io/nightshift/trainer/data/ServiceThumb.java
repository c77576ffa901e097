package io.nightshift.trainer.data;

import io.nightshift.contract.ContractV1;
import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.Thumbnail;
import io.nightshift.contract.image.WhiteBalance;
import io.nightshift.trainer.noise.NoiseParameters;
import java.util.random.RandomGenerator;

/**
 * The ratio estimator's input as a worker computes it from a whole frame of a service size, made without generating
 * that frame. A worker's thumb pixel averages every packed pixel of its block — about 700 per channel at 12 MP, 2,700
 * at 45 MP — so its noise is that of a mean, not of one pixel; a thumb made from a small crop carries one to two
 * orders of magnitude more noise, and a different 98th percentile for the exposure prior.
 *
 * <p>The clean packed frame stands for the scene: each of its pixels for the block of {@code servicePixels / 4 /
 * (h·w)} same-mean packed pixels of the service frame. Per clean pixel of mean μ DN (the clean value darkened by the
 * ratio) the model's noise ({@link NoiseParameters}: shot {@code K·μ}, read, row, quantization) makes a pixel
 * {@code X ~ N(μ, σ²)}, which packing clips at zero: the thumb's mean is the contract thumb ({@link Thumbnail}) of
 * {@code E[max(X, 0)]}, and its noise a Gaussian with the variance of the block's mean — {@code Var[max(X, 0)]} over
 * the block's pixel count for the independent part; the row part shared along each sensor row, one draw per thumb row
 * for the even and one for the odd sensor rows (R on even, B on odd, the greens on both, RGGB packing).
 * Poisson's skew at a few electrons and the clip at the white level after white balance are not modelled
 * (the white clip is applied to the mean).
 */
public final class ServiceThumb {

    private ServiceThumb() {
    }

    /**
     * @param clean         packed scene, in [0, 1] of the white level (black subtracted)
     * @param wb            the frame's white balance (as the worker reads it)
     * @param rangeDn       white − black in DN
     * @param ratio         how much darker the exposure is (≥ 1)
     * @param servicePixels sensor pixels of the frame the thumb stands for (e.g. 12e6)
     */
    public static PlanarImage of(PlanarImage clean, WhiteBalance wb, double rangeDn, double ratio, NoiseParameters noise,
                                 double servicePixels, RandomGenerator random) {
        if (!(ratio >= 1) || !(rangeDn > 0) || !(servicePixels >= 4 * clean.height() * (double) clean.width())) {
            throw new IllegalArgumentException("need ratio ≥ 1, a DN range and a service frame at least as large as "
                    + "the clean one, got " + ratio + ", " + rangeDn + ", " + servicePixels);
        }
        int plane = clean.planeSize();
        PlanarImage expected = PlanarImage.zeros(ContractV1.PACKED_CHANNELS, clean.height(), clean.width());
        PlanarImage variance = PlanarImage.zeros(ContractV1.PACKED_CHANNELS, clean.height(), clean.width());
        double rowVariance = noise.rowSigma() * noise.rowSigma();
        double fixed = noise.readSigma() * noise.readSigma() + rowVariance + NoiseParameters.QUANTIZATION_VARIANCE;
        float[] in = clean.data();
        for (int i = 0; i < ContractV1.PACKED_CHANNELS * plane; i++) {
            double mu = Math.max(in[i], 0) * rangeDn / ratio;
            double var = noise.systemGain() * mu + fixed;
            double sigma = Math.sqrt(var);
            double a = mu / sigma;
            double cdf = normalCdf(a);
            double pdf = Math.exp(-0.5 * a * a) / Math.sqrt(2 * Math.PI);
            double mean = mu * cdf + sigma * pdf;
            double second = (mu * mu + var) * cdf + mu * sigma * pdf;
            double clipped = Math.max(0, second - mean * mean);
            expected.data()[i] = (float) (mean / rangeDn);
            variance.data()[i] = (float) (clipped * (var - rowVariance) / var / (rangeDn * rangeDn));
        }
        PlanarImage thumb = Thumbnail.of(expected, wb);
        PlanarImage blockVariance = Thumbnail.of(variance, WhiteBalance.NEUTRAL);

        int size = ContractV1.THUMB_SIZE;
        double packedPerChannel = servicePixels / 4;
        double perBlock = packedPerChannel / (size * (double) size);
        double packedRows = Math.sqrt(packedPerChannel * clean.height() / clean.width());
        double rowsPerThumbRow = packedRows / size;
        double rowSigma = noise.rowSigma() / rangeDn / Math.sqrt(rowsPerThumbRow);
        float[] gains = wb.normalised().packedGains();
        double[] gain = {gains[ContractV1.CHANNEL_R], 0.5 * (gains[ContractV1.CHANNEL_G1] + gains[ContractV1.CHANNEL_G2]),
                gains[ContractV1.CHANNEL_B]};
        double[] pixelsAveraged = {perBlock, 2 * perBlock, perBlock};
        float[] t = thumb.data();
        float[] v = blockVariance.data();
        for (int y = 0; y < size; y++) {
            double even = rowSigma * random.nextGaussian();
            double odd = rowSigma * random.nextGaussian();
            double[] row = {even, 0.5 * (even + odd), odd};
            for (int c = 0; c < ContractV1.THUMB_CHANNELS; c++) {
                for (int x = 0; x < size; x++) {
                    int i = (c * size + y) * size + x;
                    double sd = gain[c] * Math.sqrt(v[i] / pixelsAveraged[c]);
                    double value = t[i] + sd * random.nextGaussian() + gain[c] * row[c];
                    t[i] = (float) Math.min(1, Math.max(0, value));
                }
            }
        }
        return thumb;
    }

    /** Φ(x), the standard normal distribution function (Abramowitz and Stegun 7.1.26 for erf, |error| < 1.5e-7). */
    static double normalCdf(double x) {
        double z = Math.abs(x) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * z);
        double erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429)))) * Math.exp(-z * z);
        return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }
}
