package io.nightshift.contract.onnx.quant;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads float32 initializers, stored as {@code raw_data} (little-endian) or as {@code float_data}. */
final class Initializers {

    private Initializers() {
    }

    static float[] floats(TensorProto t) {
        if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException("initializer '" + t.getName() + "' is not float32");
        }
        if (!t.getRawData().isEmpty()) {
            float[] values = new float[t.getRawData().size() / Float.BYTES];
            ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return values;
        }
        float[] values = new float[t.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = t.getFloatData(i);
        }
        return values;
    }
}
