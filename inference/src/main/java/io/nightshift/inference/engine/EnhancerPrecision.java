package io.nightshift.inference.engine;

/**
 * Which of a set's enhancers a worker loads: the float32 one, or the float16 one (half the weights' bytes, the
 * GPU's tensor cores) when the set has it ({@code ModelSetManifest.enhancerFp16}).
 */
public enum EnhancerPrecision {
    /** FP16 on CUDA (when the set has it), FP32 on CPU, whose ONNX Runtime kernels are float32. */
    AUTO,
    FP32,
    /** FP16 whenever the set has it, on any accelerator (on CPU only for tests: slower and no more exact). */
    FP16;

    public static EnhancerPrecision fromSetting(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> AUTO;
            case "fp32" -> FP32;
            case "fp16" -> FP16;
            default -> throw new IllegalArgumentException("enhancer precision must be auto, fp32 or fp16, got '"
                    + value + "'");
        };
    }
}
