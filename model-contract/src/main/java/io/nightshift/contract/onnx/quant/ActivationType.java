package io.nightshift.contract.onnx.quant;

/**
 * The element type of quantized activations. Weights are int8 either way (symmetric, per output channel).
 * ONNX Runtime's x86 kernels take U8S8 (uint8 activations × int8 weights) natively; S8S8 runs on x86 only when
 * the session allows it ({@code session.qdqisint8allowed}) or after ORT converts it to U8S8.
 */
public enum ActivationType {
    /** Asymmetric uint8: the whole 0…255 range for the calibrated {@code [min, max]}. */
    UINT8,
    /** Symmetric int8, zero point 0. */
    INT8
}
