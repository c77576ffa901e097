package io.nightshift.worker.failure;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.nightshift.contract.onnx.Dim;
import io.nightshift.contract.onnx.OnnxGraphBuilder;
import io.nightshift.contract.onnx.Precision;
import io.nightshift.inference.engine.InferenceException;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real ONNX Runtime allocation failure is recognised as the engine's exhaustion (the environment's: the job is held
 * and run again), and an ordinary runtime failure is not. The graph is an outer product whose output (256 TB) no
 * allocator can give, whatever the machine's overcommit setting: it exceeds the address space.
 */
class EngineExhaustedTest {

    @Test
    void anAllocationFailureOfOnnxRuntimeIsTheEnginesExhaustion() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("outer", Precision.FP32);
        String x = g.input("x", Dim.named("n"), Dim.fixed(1));
        g.output(g.gemm(x, x, null, true), "y", Dim.named("n"), Dim.named("n"));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long n = 1L << 23;
        try (OrtSession session = env.createSession(g.toBytes(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.allocate((int) n), new long[] {n, 1})) {
            OrtException failure = assertThrows(OrtException.class, () -> session.run(Map.of("x", input)).close());
            InferenceException wrapped = new InferenceException("enhancer test failed on batch 1×4×512×512", failure);
            assertTrue(EngineExhausted.of(wrapped).isPresent(), "exhaustion: " + failure.getMessage());
        }
    }

    @Test
    void anOrdinaryRuntimeFailureIsNot() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("outer", Precision.FP32);
        String x = g.input("x", Dim.named("n"), Dim.fixed(1));
        g.output(g.gemm(x, x, null, true), "y", Dim.named("n"), Dim.named("n"));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(g.toBytes(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.allocate(6), new long[] {2, 3})) {
            OrtException failure = assertThrows(OrtException.class, () -> session.run(Map.of("x", input)).close());
            assertFalse(EngineExhausted.of(new InferenceException("test", failure)).isPresent(), failure.getMessage());
        }
    }
}
