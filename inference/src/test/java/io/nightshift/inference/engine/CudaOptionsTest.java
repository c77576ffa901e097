package io.nightshift.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.nightshift.inference.testing.TestModels;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CUDA provider options as settings: validated, named as ONNX Runtime names them, carried by the engine
 * configuration, and harmless where CUDA is absent (their effect on a GPU is not verifiable here).
 */
class CudaOptionsTest {

    @Test
    void optionsAreValidatedAndNamedAsOnnxRuntimeNamesThem() {
        CudaOptions options = new CudaOptions("HEURISTIC", 8L << 30, "kSameAsRequested");
        assertEquals(Map.of("device_id", "1", "cudnn_conv_algo_search", "HEURISTIC", "gpu_mem_limit", "8589934592",
                "arena_extend_strategy", "kSameAsRequested"), options.providerOptions(1));
        Map<String, String> defaults = CudaOptions.defaults().providerOptions(0);
        assertEquals("EXHAUSTIVE", defaults.get("cudnn_conv_algo_search"));
        assertFalse(defaults.containsKey("gpu_mem_limit"), "0 means no limit: left to the runtime");
        assertThrows(IllegalArgumentException.class, () -> new CudaOptions("FASTEST", 0, "kNextPowerOfTwo"));
        assertThrows(IllegalArgumentException.class, () -> new CudaOptions("DEFAULT", -1, "kNextPowerOfTwo"));
        assertThrows(IllegalArgumentException.class, () -> new CudaOptions("DEFAULT", 0, "kDouble"));
        assertThrows(IllegalArgumentException.class, () -> EngineConfig.cpu().withCuda(null));
        assertEquals(options, EngineConfig.cpu().withCuda(options).withIntraOpThreads(2).withSpinWait(false).cuda());
    }

    @Test
    void withoutCudaTheyChangeNothing() {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "a CUDA build is on the class path");
        EngineConfig config = EngineConfig.cpu(1).withAccelerator(Accelerator.CUDA_PREFERRED)
                .withCuda(new CudaOptions("HEURISTIC", 1L << 30, "kSameAsRequested"));
        try (InferenceEngine engine = new InferenceEngine(config);
                EnhancerSession enhancer = engine.loadEnhancer(TestModels.enhancer(8))) {
            assertEquals(ExecutionProvider.CPU, enhancer.provider());
            assertEquals(64, enhancer.run(TestModels.packedImage(9, 4, 32, 16)).height());
        }
    }
}
