package io.nightshift.inference.engine;

/**
 * Which of a set's enhancers a worker loads: the float32 one, the float16 one (half the weights' bytes, the GPU's
 * tensor cores) when the set has it ({@code ModelSetManifest.enhancerFp16}), or the statically quantized INT8 one
 * (integer kernels on CPU) when the set has it ({@code ModelSetManifest.enhancerInt8}).
 */
public enum EnhancerPrecision {
    /**
     * FP16 on CUDA (when the set has it); on CPU the INT8 enhancer when the set has it and it is faster than FP32
     * here — the registry times both on its warm-up tile and keeps the faster ({@code EnhancerRace}) — else FP32.
     */
    AUTO,
    FP32,
    /** FP16 whenever the set has it, on any accelerator (on CPU only for tests: slower and no more exact). */
    FP16,
    /**
     * INT8 whenever the set has it, without timing it against FP32: a CPU setting (ONNX Runtime's integer kernels
     * measured here are its CPU ones; on CUDA {@code auto} keeps FP16).
     */
    INT8;

    public static EnhancerPrecision fromSetting(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> AUTO;
            case "fp32" -> FP32;
            case "fp16" -> FP16;
            case "int8" -> INT8;
            default -> throw new IllegalArgumentException("enhancer precision must be auto, fp32, fp16 or int8, got '"
                    + value + "'");
        };
    }
}
