package io.nightshift.contract.onnx;

/** The activation after each convolution of a U-Net level. */
public enum Activation {
    /** LeakyReLU with slope 0.2, as in SID. */
    LEAKY_RELU_0_2,
    RELU;

    String apply(OnnxGraphBuilder g, String x) {
        return this == RELU ? g.relu(x) : g.leakyRelu(x, 0.2f);
    }
}
