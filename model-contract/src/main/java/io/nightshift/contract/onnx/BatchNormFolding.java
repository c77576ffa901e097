package io.nightshift.contract.onnx;

/**
 * Folds inference-mode batch normalization into the convolution before it:
 * {@code s = γ / √(σ² + ε)}, {@code W'[o] = s[o]·W[o]}, {@code b'[o] = s[o]·(b[o] − μ[o]) + β[o]}.
 */
public final class BatchNormFolding {

    /** A convolution's weight {@code [out, …]} and bias {@code [out]} after folding. */
    public record FoldedConv(float[] weight, float[] bias) {
    }

    private BatchNormFolding() {
    }

    /**
     * @param weight conv weight, {@code out} blocks of equal size (row-major {@code [out, in, k, k]})
     * @param bias   conv bias of length {@code out}, or null for none
     */
    public static FoldedConv fold(float[] weight, float[] bias, float[] gamma, float[] beta, float[] mean,
            float[] variance, float epsilon) {
        int out = gamma.length;
        if (beta.length != out || mean.length != out || variance.length != out || (bias != null && bias.length != out)
                || weight.length % out != 0) {
            throw new IllegalArgumentException("batch-norm parameters must all have one value per output channel (" + out + ")");
        }
        int block = weight.length / out;
        float[] w = new float[weight.length];
        float[] b = new float[out];
        for (int o = 0; o < out; o++) {
            double scale = gamma[o] / Math.sqrt((double) variance[o] + epsilon);
            for (int i = o * block, end = i + block; i < end; i++) {
                w[i] = (float) (weight[i] * scale);
            }
            double convBias = bias == null ? 0.0 : bias[o];
            b[o] = (float) (scale * (convBias - mean[o]) + beta[o]);
        }
        return new FoldedConv(w, b);
    }
}
