package io.nightshift.contract.onnx.quant;

import java.util.Arrays;

/**
 * One calibration batch: a float32 input tensor of the model (for the enhancer, packed dark input × ratio,
 * {@code [N, 4, h, w]}), row-major.
 */
public record CalibrationInput(float[] values, long[] shape) {

    public CalibrationInput {
        long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (count != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + count + " values, got "
                    + values.length);
        }
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }
}
