package io.nightshift.contract.image;

import io.nightshift.contract.PlanarImage;

/**
 * The two constant planes that contract {@code enhancer/v2} adds to the enhancer input: the noise of the input
 * {@code y = ratio·x} (before white balance and clipping) as standard deviations, {@code shotSigma = √(shot·ratio)}
 * (the shot noise's at {@code y = 1}; at {@code y} it is {@code shotSigma·√y}) and {@code readSigma = √read·ratio}, from
 * the {@link NoiseLevel} of the dark frame. The same code runs in the worker (on the whole frame) and the trainer (on
 * its dark patch).
 *
 * <p>Where the frame gives no estimate (fewer than {@link NoiseLevel#MIN_BLOCKS} unclipped blocks), both are 0,
 * {@link #UNKNOWN}: the trainer gives such patches the same value, so a network learns what it means.
 */
public record NoisePlanes(float shotSigma, float readSigma) {

    /** No estimate. */
    public static final NoisePlanes UNKNOWN = new NoisePlanes(0f, 0f);

    public NoisePlanes {
        if (!(shotSigma >= 0) || !(readSigma >= 0) || Float.isInfinite(shotSigma) || Float.isInfinite(readSigma)) {
            throw new IllegalArgumentException("noise planes are finite and ≥ 0, got " + shotSigma + ", " + readSigma);
        }
    }

    /** The planes of {@code level} amplified by {@code ratio}. */
    public static NoisePlanes of(NoiseLevel level, double ratio) {
        float[] amplified = level.amplified(ratio);
        return new NoisePlanes((float) Math.sqrt(amplified[0]), (float) Math.sqrt(amplified[1]));
    }

    /** The planes of a packed dark frame (before white balance and ratio) amplified by {@code ratio}. */
    public static NoisePlanes of(PlanarImage packed, double ratio) {
        return NoiseLevel.estimate(packed).map(level -> of(level, ratio)).orElse(UNKNOWN);
    }

    /** The planes' values in channel order (4, 5 of the v2 input). */
    public float[] values() {
        return new float[] {shotSigma, readSigma};
    }
}
