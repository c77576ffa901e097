package io.nightshift.trainer.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.nightshift.contract.ModelRole;
import io.nightshift.contract.validation.ContractProbe;
import io.nightshift.contract.validation.ContractValidator;
import io.nightshift.contract.validation.ContractViolationException;
import io.nightshift.contract.validation.ModelSignature;
import io.nightshift.contract.validation.OrtSignatures;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Loads an ONNX model in ONNX Runtime (CPU) as the inference core's registry does — signature validated
 * against the contract, one {@code ContractProbe} run — then runs it on one float32 input.
 */
final class OrtRunner {

    private OrtRunner() {
    }

    /** The model's single output, row-major. */
    static float[] run(byte[] onnx, ModelRole role, float[] input, long[] shape) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(onnx, options)) {
                ModelSignature signature = OrtSignatures.of(session);
                ContractValidator.validate(signature, role);
                ContractProbe.check(env, session, role, signature);
                return run(env, session, role.input().name(), input, shape);
            }
        } catch (OrtException e) {
            throw new ExportException("ONNX Runtime could not run the exported model: " + e.getMessage(), e);
        } catch (ContractViolationException e) {
            throw new ExportException("ONNX Runtime's view of the export breaks the contract: " + e.problems(), e);
        }
    }

    private static float[] run(OrtEnvironment env, OrtSession session, String inputName, float[] input, long[] shape)
            throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }
}
