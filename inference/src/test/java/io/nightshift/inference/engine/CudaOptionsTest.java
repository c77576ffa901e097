package io.nightshift.inference.engine;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CUDA provider's options as settings, rendered as ONNX Runtime names them (what {@code SessionOpener} hands to
 * {@code OrtCUDAProviderOptions}: the CUDA path itself needs a GPU and the CUDA build, unverified here), and the
 * enhancer precision an engine prefers.
 */
class CudaOptionsTest {

    @Test
    void settingsBecomeOnnxRuntimesProviderOptions() {
        CudaOptions options = CudaOptions.of("heuristic", 6L << 30, "same-as-requested");
        assertEquals(Map.of("device_id", "1", "cudnn_conv_algo_search", "HEURISTIC",
                "gpu_mem_limit", Long.toString(6L << 30), "arena_extend_strategy", "kSameAsRequested"),
                options.providerOptions(1));
        Map<String, String> defaults = CudaOptions.DEFAULTS.providerOptions(0);
        assertEquals("EXHAUSTIVE", defaults.get("cudnn_conv_algo_search"));
        assertEquals("kNextPowerOfTwo", defaults.get("arena_extend_strategy"));
        assertFalse(defaults.containsKey("gpu_mem_limit"), "no limit: ONNX Runtime's own default");
    }

    @Test
    void badSettingsAreRefusedNamingTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CudaOptions.of("fastest", 0, "next-power-of-two"));
        assertTrue(e.getMessage().contains("[exhaustive, heuristic, default]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CudaOptions.of("default", -1, "next-power-of-two"));
        assertThrows(IllegalArgumentException.class, () -> CudaOptions.of("default", 0, "doubling"));
        assertThrows(IllegalArgumentException.class, () -> EnhancerPrecision.fromSetting("int4"));
        assertEquals(EnhancerPrecision.FP16, EnhancerPrecision.fromSetting("FP16"));
        assertEquals(EnhancerPrecision.INT8, EnhancerPrecision.fromSetting("int8"));
    }

    @Test
    void int8IsTimedAgainstFp32WithAutoOnCpuAndNeverOnCuda() {
        try (InferenceEngine cpu = new InferenceEngine(EngineConfig.cpu(1))) {
            assertEquals(InferenceEngine.Int8Use.IF_FASTER, cpu.int8Use(), "auto on CPU");
        }
        try (InferenceEngine forced = new InferenceEngine(EngineConfig.cpu(1).withPrecision(EnhancerPrecision.INT8))) {
            assertEquals(InferenceEngine.Int8Use.ALWAYS, forced.int8Use());
            assertFalse(forced.prefersFp16Enhancer());
        }
        for (EnhancerPrecision p : new EnhancerPrecision[] {EnhancerPrecision.FP32, EnhancerPrecision.FP16}) {
            try (InferenceEngine e = new InferenceEngine(EngineConfig.cpu(1).withPrecision(p))) {
                assertEquals(InferenceEngine.Int8Use.NEVER, e.int8Use(), p.toString());
            }
        }
        try (InferenceEngine auto = new InferenceEngine(EngineConfig.cpu(1).withAccelerator(Accelerator.CUDA_PREFERRED))) {
            boolean cuda = ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA);
            assertEquals(cuda ? InferenceEngine.Int8Use.NEVER : InferenceEngine.Int8Use.IF_FASTER, auto.int8Use(),
                    "auto where CUDA serves: FP16, not INT8");
        }
    }

    @Test
    void anEnginePrefersFp16WhenAskedOrOnCuda() {
        try (InferenceEngine cpu = new InferenceEngine(EngineConfig.cpu(1))) {
            assertFalse(cpu.prefersFp16Enhancer(), "auto on CPU");
        }
        try (InferenceEngine forced = new InferenceEngine(EngineConfig.cpu(1).withPrecision(EnhancerPrecision.FP16))) {
            assertTrue(forced.prefersFp16Enhancer());
        }
        // auto with CUDA asked for: FP16 only where this ONNX Runtime build offers CUDA (the CPU build here does not)
        try (InferenceEngine auto = new InferenceEngine(EngineConfig.cpu(1).withAccelerator(Accelerator.CUDA_PREFERRED))) {
            assertEquals(ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA),
                    auto.prefersFp16Enhancer());
        }
    }
}
