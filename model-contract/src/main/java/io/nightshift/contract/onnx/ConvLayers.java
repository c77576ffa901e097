package io.nightshift.contract.onnx;

/** Convolution layers of the factories: plain, and 3×3 with optional batch norm (folded or not) and activation. */
final class ConvLayers {

    private final OnnxGraphBuilder g;
    private final WeightSource weights;
    private final boolean batchNorm;
    private final Activation activation;
    private final float epsilon;
    private final boolean fold;

    ConvLayers(OnnxGraphBuilder g, WeightSource weights, UNetConfig config, boolean fold) {
        this(g, weights, config.batchNorm(), config.activation(), config.epsilon(), fold);
    }

    ConvLayers(OnnxGraphBuilder g, WeightSource weights, boolean batchNorm, Activation activation, float epsilon,
            boolean fold) {
        this.g = g;
        this.weights = weights;
        this.batchNorm = batchNorm;
        this.activation = activation;
        this.epsilon = epsilon;
        this.fold = fold;
    }

    /** Two 3×3 convolutions, each with batch norm (if configured) and the activation. */
    String block(String prefix, String x, int in, int out) {
        String y = activated(prefix, 1, x, in, out);
        return activated(prefix, 2, y, out, out);
    }

    /** One 3×3 convolution {@code prefix.conv{j}} with batch norm {@code prefix.bn{j}} if configured, then the activation. */
    String activated(String prefix, int j, String x, int in, int out) {
        String conv = prefix + ".conv" + j;
        long[] shape = {out, in, 3, 3};
        String y;
        if (!batchNorm) {
            y = g.conv(x, g.initializer(conv + ".weight", weights.weights(conv + ".weight", shape), shape),
                    g.initializer(conv + ".bias", weights.weights(conv + ".bias", out), out), 3, 1);
        } else {
            String bn = prefix + ".bn" + j;
            float[] w = weights.weights(conv + ".weight", shape);
            float[] gamma = weights.weights(bn + ".gamma", out);
            float[] beta = weights.weights(bn + ".beta", out);
            float[] mean = weights.weights(bn + ".running_mean", out);
            float[] variance = weights.weights(bn + ".running_var", out);
            if (fold) {
                BatchNormFolding.FoldedConv f = BatchNormFolding.fold(w, null, gamma, beta, mean, variance, epsilon);
                y = g.conv(x, g.initializer(conv + ".weight", f.weight(), shape),
                        g.initializer(conv + ".bias", f.bias(), out), 3, 1);
            } else {
                y = g.conv(x, g.initializer(conv + ".weight", w, shape), null, 3, 1);
                y = g.batchNormalization(y, g.initializer(bn + ".gamma", gamma, out),
                        g.initializer(bn + ".beta", beta, out), g.initializer(bn + ".running_mean", mean, out),
                        g.initializer(bn + ".running_var", variance, out), epsilon);
            }
        }
        return activation.apply(g, y);
    }

    /** A k×k convolution {@code name.weight}, {@code name.bias} with "same" padding and no activation. */
    String plainConv(String name, String x, int in, int out, int kernel) {
        long[] shape = {out, in, kernel, kernel};
        return g.conv(x, g.initializer(name + ".weight", weights.weights(name + ".weight", shape), shape),
                g.initializer(name + ".bias", weights.weights(name + ".bias", out), out), kernel, kernel / 2);
    }
}
