package io.nightshift.trainer.export;

import java.util.Arrays;
import java.util.Locale;

/**
 * The measured agreement of an export on random inputs.
 *
 * @param inputShape       the random input's shape
 * @param fp32MaxAbsDiff   max |ONNX Runtime FP32 − DJL|
 * @param fp16MaxAbsDiff   max |ONNX Runtime FP16 − ONNX Runtime FP32|; NaN when no FP16 variant was built
 * @param outputMaxAbs     max |DJL output|, for scale
 */
public record Parity(long[] inputShape, double fp32MaxAbsDiff, double fp16MaxAbsDiff, double outputMaxAbs) {

    /** ONNX Runtime FP32 against the training framework. */
    public static final double FP32_TOLERANCE = 1e-4;
    /** The FP16 variant against the FP32 export. */
    public static final double FP16_TOLERANCE = 5e-3;

    public Parity {
        inputShape = inputShape.clone();
    }

    @Override
    public long[] inputShape() {
        return inputShape.clone();
    }

    static double maxAbs(float[] a) {
        double max = 0;
        for (float v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    @Override
    public String toString() {
        String fp16 = Double.isNaN(fp16MaxAbsDiff) ? "no FP16 variant"
                : String.format(Locale.ROOT, "fp16 %.2e (≤ %.0e)", fp16MaxAbsDiff, FP16_TOLERANCE);
        return String.format(Locale.ROOT, "parity on %s: fp32 %.2e (≤ %.0e), %s, |output| ≤ %.3g",
                Arrays.toString(inputShape), fp32MaxAbsDiff, FP32_TOLERANCE, fp16, outputMaxAbs);
    }
}
