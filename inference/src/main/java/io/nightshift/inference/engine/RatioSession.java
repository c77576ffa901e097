package io.nightshift.inference.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.nightshift.contract.ContractV1;
import io.nightshift.contract.ModelRole;
import io.nightshift.contract.PlanarImage;
import java.nio.FloatBuffer;
import java.util.Map;

/** A loaded ratio estimator (contract {@code ratio/v1}): {@code thumb [N, 3, 64, 64]} → {@code log2_ratio [N, 1]}. */
public final class RatioSession extends ModelSession {

    RatioSession(InferenceEngine engine, OrtSession session, ExecutionProvider provider) throws OrtException {
        super(engine, session, ModelRole.RATIO_ESTIMATOR, provider);
    }

    /** The network's log2 amplification ratio for one thumb ({@code [3, 64, 64]}). */
    public float log2Ratio(PlanarImage thumb) {
        if (thumb.channels() != ContractV1.THUMB_CHANNELS || thumb.height() != ContractV1.THUMB_SIZE
                || thumb.width() != ContractV1.THUMB_SIZE) {
            throw new IllegalArgumentException("a thumb is 3×64×64, got " + thumb.channels() + "×" + thumb.height()
                    + "×" + thumb.width());
        }
        try (Run run = run(); OnnxTensor input = OnnxTensor.createTensor(engine().environment(),
                FloatBuffer.wrap(thumb.data()), thumb.batchShape());
                OrtSession.Result result = run.session().run(Map.of(ContractV1.RATIO_INPUT, input))) {
            OnnxTensor out = (OnnxTensor) result.get(ContractV1.RATIO_OUTPUT).orElseThrow();
            return out.getFloatBuffer().get(0);
        } catch (OrtException e) {
            throw new InferenceException("ratio estimator " + modelVersion() + " failed", e);
        }
    }
}
