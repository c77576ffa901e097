package io.nightshift.contract.validation;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.nightshift.contract.ContractV1;
import io.nightshift.contract.ModelRole;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs a loaded session once on a small constant input and checks what static validation cannot:
 * that the enhancer's output really is twice the input's height and width ({@code 2h, 2w} are
 * symbolic in the file), that the ratio estimator gives one value per item, and that the values are
 * finite. Doubles as the registry's warm-up. Needs ONNX Runtime on the class path.
 */
public final class ContractProbe {

    /** Probe input height and width of the enhancer: unequal odd multiples of 16, so a swap or a crop shows. */
    public static final int PROBE_HEIGHT = 48;
    public static final int PROBE_WIDTH = 80;
    private static final float PROBE_VALUE = 0.25f;

    private ContractProbe() {
    }

    /**
     * @throws ContractViolationException when the output's shape or values do not fit
     * @throws OrtException               when the runtime cannot run the model at all
     */
    public static void check(OrtEnvironment env, OrtSession session, ModelRole role) throws OrtException {
        check(env, session, role, OrtSignatures.of(session));
    }

    /** {@link #check(OrtEnvironment, OrtSession, ModelRole)} with the session's signature already read. */
    public static void check(OrtEnvironment env, OrtSession session, ModelRole role, ModelSignature signature)
            throws OrtException {
        long[] inputShape = role == ModelRole.ENHANCER
                ? new long[] {1, ContractValidator.enhancerContract(signature).inputChannels(), PROBE_HEIGHT, PROBE_WIDTH}
                : new long[] {1, ContractV1.THUMB_CHANNELS, ContractV1.THUMB_SIZE, ContractV1.THUMB_SIZE};
        long[] expected = role == ModelRole.ENHANCER
                ? new long[] {1, ContractV1.RGB_CHANNELS, ContractV1.UPSCALE * PROBE_HEIGHT, ContractV1.UPSCALE * PROBE_WIDTH}
                : new long[] {1, 1};
        float[] input = new float[Math.toIntExact(Arrays.stream(inputShape).reduce(1, Math::multiplyExact))];
        Arrays.fill(input, PROBE_VALUE);
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), inputShape);
                OrtSession.Result result = session.run(Map.of(role.input().name(), tensor))) {
            OnnxTensor out = (OnnxTensor) result.get(role.output().name())
                    .orElseThrow(() -> new ContractViolationException(role.contractKey(),
                            List.of("the run gave no output '" + role.output().name() + "'")));
            long[] shape = out.getInfo().getShape();
            if (!Arrays.equals(shape, expected)) {
                throw new ContractViolationException(role.contractKey(), List.of("output '" + role.output().name()
                        + "' has shape " + Arrays.toString(shape) + " for input " + Arrays.toString(inputShape)
                        + ", contract needs " + Arrays.toString(expected)));
            }
            FloatBuffer values = out.getFloatBuffer();
            for (int i = 0; i < values.limit(); i++) {
                if (!Float.isFinite(values.get(i))) {
                    throw new ContractViolationException(role.contractKey(), List.of("output '" + role.output().name()
                            + "' is not finite (" + values.get(i) + " at index " + i + ") for a constant input of "
                            + PROBE_VALUE));
                }
            }
        }
    }
}
