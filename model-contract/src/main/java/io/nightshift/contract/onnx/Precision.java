package io.nightshift.contract.onnx;

/**
 * Arithmetic precision of a built graph. Inputs and outputs are float32 either way: an FP16 graph
 * stores its weights as float16 and casts right after each input and right before each output; an INT8 graph
 * is an FP32 graph rewritten by {@code quant.QdqQuantizer} (int8 weights, uint8 activations, QDQ format).
 */
public enum Precision {
    FP32("fp32"),
    FP16("fp16"),
    /** Written by {@code QdqQuantizer}, never by {@link OnnxGraphBuilder} (which builds FP32 or FP16). */
    INT8("int8");

    private final String metadataValue;

    Precision(String metadataValue) {
        this.metadataValue = metadataValue;
    }

    /** The value written under {@code nightshift.precision}. */
    public String metadataValue() {
        return metadataValue;
    }
}
