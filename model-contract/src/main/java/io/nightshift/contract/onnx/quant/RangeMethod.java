package io.nightshift.contract.onnx.quant;

/**
 * How a tensor's calibration values become its range.
 *
 * @param percentile the share (in percent) of the calibration values the range keeps on each side: 100 keeps
 *                   the extremes (min/max), 99.99 clips the 0.01 % tails (of a subsample, see
 *                   {@link RangeCalibrator})
 */
public record RangeMethod(double percentile) {

    /** The observed minimum and maximum. */
    public static final RangeMethod MIN_MAX = new RangeMethod(100);

    public RangeMethod {
        if (!(percentile > 50 && percentile <= 100)) {
            throw new IllegalArgumentException("a percentile in (50, 100], got " + percentile);
        }
    }

    public static RangeMethod percentile(double percentile) {
        return new RangeMethod(percentile);
    }

    @Override
    public String toString() {
        return percentile == 100 ? "min/max" : "percentile " + percentile;
    }
}
