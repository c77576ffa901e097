package io.nightshift.worker.pipeline;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.nightshift.contract.onnx.Dim;
import io.nightshift.contract.onnx.OnnxGraphBuilder;
import io.nightshift.contract.onnx.Precision;
import io.nightshift.inference.engine.InferenceException;
import io.nightshift.protocol.Job;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * TEST ONLY: makes ONNX Runtime fail to allocate in the engine stage, after the enhancer input was built in place, of a job whose source key carries the marker, on
 * its first two runs in this process, when enabled ({@code nightshift.worker.test-hooks.engine-exhaustion=true}, off
 * by default): it runs an outer product whose output (256 TB) no allocator gives, so the failure is ONNX Runtime's
 * own "Failed to allocate memory", as an engine out of memory would raise it.
 */
public final class EngineExhaustionHook {

    private static final Logger LOG = Logger.getLogger(EngineExhaustionHook.class);
    private static final int RUNS = 2;

    private final boolean enabled;
    private final String marker;
    private final Map<String, Integer> runs = new ConcurrentHashMap<>();

    public EngineExhaustionHook(boolean enabled, String marker) {
        this.enabled = enabled;
        this.marker = marker;
        if (enabled) {
            LOG.warnf("TEST HOOK ENABLED: a job whose source key contains '%s' exhausts the engine twice", marker);
        }
    }

    public static EngineExhaustionHook off() {
        return new EngineExhaustionHook(false, "");
    }

    /** Called in the engine stage; throws ONNX Runtime's allocation failure on a marked job's first two runs. */
    void maybeExhaust(Job job) {
        if (!enabled || marker.isEmpty() || !job.source().key().contains(marker)
                || runs.merge(job.jobId(), 1, Integer::sum) > RUNS) {
            return;
        }
        LOG.errorf("TEST HOOK: exhausting the engine for job %s", job.jobId());
        OnnxGraphBuilder g = new OnnxGraphBuilder("outer", Precision.FP32);
        String x = g.input("x", Dim.named("n"), Dim.fixed(1));
        g.output(g.gemm(x, x, null, true), "y", Dim.named("n"), Dim.named("n"));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long n = 1L << 23;
        try (OrtSession session = env.createSession(g.toBytes(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.allocate((int) n), new long[] {n, 1})) {
            session.run(Map.of("x", input)).close();
        } catch (OrtException e) {
            throw new InferenceException("enhancer failed on batch 1×4×" + n + "×1 (test hook)", e);
        }
        throw new IllegalStateException("the test hook's allocation did not fail");
    }
}
