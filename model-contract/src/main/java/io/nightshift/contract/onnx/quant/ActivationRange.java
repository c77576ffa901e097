package io.nightshift.contract.onnx.quant;

/**
 * The calibrated range of one activation tensor, widened to hold 0 (a zero must be exact: padding, ReLU).
 *
 * @param min the lowest value kept (≤ 0)
 * @param max the highest value kept (≥ 0)
 */
public record ActivationRange(float min, float max) {

    public ActivationRange {
        if (!(Float.isFinite(min) && Float.isFinite(max))) {
            throw new IllegalArgumentException("a range needs finite bounds, got [" + min + ", " + max + "]");
        }
        min = Math.min(min, 0f);
        max = Math.max(max, 0f);
    }

    /** Asymmetric uint8: {@code [min, max]} onto 0…255, the zero point where 0.0 lands. */
    public QuantParams uint8() {
        float scale = (max - min) / 255f;
        if (scale == 0f) {
            return new QuantParams(1f, 0);
        }
        int zeroPoint = Math.round(-min / scale);
        return new QuantParams(scale, Math.max(0, Math.min(255, zeroPoint)));
    }

    /** Symmetric int8: {@code ±max(|min|, |max|)} onto −127…127, zero point 0. */
    public QuantParams int8() {
        float bound = Math.max(-min, max);
        return new QuantParams(bound == 0f ? 1f : bound / 127f, 0);
    }

    /** A scale and a zero point: {@code real = scale · (q − zeroPoint)}. */
    public record QuantParams(float scale, int zeroPoint) {
    }
}
