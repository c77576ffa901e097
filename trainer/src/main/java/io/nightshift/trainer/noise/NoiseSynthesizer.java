package io.nightshift.trainer.noise;

import java.util.random.RandomGenerator;

/**
 * Adds ELD's physics-based noise to a clean, already darkened Bayer mosaic in DN above black:
 * {@code noisy = K·Poisson(clean / K) + N(0, σ_read²) + r_row + quantization}, where {@code r_row ~ N(0, σ_row²)}
 * is one offset per sensor row and quantization rounds to the nearest integer DN. Nothing is clipped:
 * values may go below zero as real raw data minus black does; packing clips.
 */
public final class NoiseSynthesizer {

    private NoiseSynthesizer() {
    }

    /**
     * @param clean  row-major {@code height × width} mosaic, mean DN above black, each ≥ 0
     * @return a new noisy mosaic, integer-valued DN
     */
    public static float[] apply(float[] clean, int height, int width, NoiseParameters p, RandomGenerator random) {
        if (clean.length != (long) height * width) {
            throw new IllegalArgumentException("a " + height + "×" + width + " mosaic has " + (long) height * width
                    + " values, got " + clean.length);
        }
        float[] noisy = new float[clean.length];
        double k = p.systemGain();
        for (int y = 0; y < height; y++) {
            double row = p.rowSigma() * random.nextGaussian();
            for (int x = 0, i = y * width; x < width; x++, i++) {
                double electrons = PoissonSampler.sample(clean[i] / k, random);
                double value = k * electrons + p.readSigma() * random.nextGaussian() + row;
                noisy[i] = (float) Math.rint(value);
            }
        }
        return noisy;
    }
}
