package io.nightshift.trainer.nn;

import ai.djl.ndarray.NDArray;
import io.nightshift.contract.onnx.Activation;

/** The contract's activations applied to DJL arrays. */
final class Activations {

    /** SID's LeakyReLU slope. */
    static final float LEAKY_SLOPE = 0.2f;

    private Activations() {
    }

    static NDArray apply(Activation activation, NDArray x) {
        return switch (activation) {
            case RELU -> ai.djl.nn.Activation.relu(x);
            case LEAKY_RELU_0_2 -> ai.djl.nn.Activation.leakyRelu(x, LEAKY_SLOPE);
        };
    }
}
