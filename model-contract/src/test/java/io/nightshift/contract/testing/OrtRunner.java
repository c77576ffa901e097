package io.nightshift.contract.testing;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/** Runs a built model once in ONNX Runtime (CPU) on one float32 input; every native object closed. */
public final class OrtRunner {

    /** An output tensor copied to the heap. */
    public record Output(float[] data, long[] shape) {
    }

    private OrtRunner() {
    }

    public static Output run(ModelProto model, String inputName, float[] input, long... shape) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(model.toByteArray(), options);
                    OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                    OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
                OnnxTensor out = (OnnxTensor) result.get(0);
                FloatBuffer buffer = out.getFloatBuffer();
                float[] data = new float[buffer.remaining()];
                buffer.get(data);
                return new Output(data, out.getInfo().getShape());
            }
        }
    }
}
