package io.nightshift.contract.onnx;

/**
 * Arithmetic precision of a built graph. Inputs and outputs are float32 either way: an FP16 graph
 * stores its weights as float16 and casts right after each input and right before each output.
 */
public enum Precision {
    FP32("fp32"),
    FP16("fp16");

    private final String metadataValue;

    Precision(String metadataValue) {
        this.metadataValue = metadataValue;
    }

    /** The value written under {@code nightshift.precision}. */
    public String metadataValue() {
        return metadataValue;
    }
}
