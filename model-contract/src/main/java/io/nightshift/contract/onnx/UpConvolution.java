package io.nightshift.contract.onnx;

/**
 * A 2×2, stride-2 transposed convolution is exactly a 1×1 convolution to 4× the channels followed
 * by DepthToSpace (block 2, CRD mode): output channel {@code c} at {@code (2y + i, 2x + j)} is
 * 1×1-conv channel {@code 4c + 2i + j} at {@code (y, x)}. This rearranges a transposed
 * convolution's parameters (PyTorch's {@code ConvTranspose2d} layout {@code [in, out, 2, 2]}) into
 * that 1×1 convolution's {@code [4·out, in, 1, 1]}.
 */
public final class UpConvolution {

    private UpConvolution() {
    }

    /** 1×1 weights {@code [4·out, in]} from transposed-convolution weights {@code [in, out, 2, 2]}. */
    public static float[] weightFromTransposed(float[] transposed, int in, int out) {
        if (transposed.length != in * out * 4) {
            throw new IllegalArgumentException("a 2×2 transposed convolution " + in + "→" + out + " has "
                    + in * out * 4 + " weights, got " + transposed.length);
        }
        float[] w = new float[transposed.length];
        for (int ci = 0; ci < in; ci++) {
            for (int c = 0; c < out; c++) {
                for (int k = 0; k < 4; k++) {
                    w[(4 * c + k) * in + ci] = transposed[(ci * out + c) * 4 + k];
                }
            }
        }
        return w;
    }

    /** 1×1 bias {@code [4·out]}: each output channel's bias repeated for its four positions. */
    public static float[] biasFromTransposed(float[] bias) {
        float[] b = new float[bias.length * 4];
        for (int c = 0; c < bias.length; c++) {
            for (int k = 0; k < 4; k++) {
                b[4 * c + k] = bias[c];
            }
        }
        return b;
    }
}
