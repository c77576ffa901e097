package io.nightshift.contract.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nightshift.contract.ContractV1;
import io.nightshift.contract.ModelRole;

/**
 * Builds the ratio estimator of contract v1 as an ONNX graph: {@code thumb [N, 3, 64, 64]} →
 * {@code log2_ratio [N, 1]}. With {@link RatioNetworkConfig#logInput}, first the thumb to the log domain
 * ({@link #logInput}); then stages of 3×3 convolution (padding 1) + ReLU + 2×2 max-pool,
 * GlobalAveragePool, Flatten, Gemm + ReLU, Gemm to one value.
 *
 * <p>Parameter names: {@code conv{i}.weight [w_i, in, 3, 3]}, {@code conv{i}.bias [w_i]} for stage
 * {@code i} from 0; {@code fc1.weight [hidden, w_last]}, {@code fc1.bias [hidden]},
 * {@code fc2.weight [1, hidden]}, {@code fc2.bias [1]} (linear layers in the {@code [out, in]}
 * layout of PyTorch and DJL).
 */
public final class RatioNetwork {

    /** Added before the logarithm: 2^−16, below one DN of a 14-bit sensor at ratio 1 and far below any signal. */
    public static final float LOG_EPSILON = 1f / 65536f;
    /** Scale and offset that bring {@code log(v + ε)} (about −11 to 0 for thumbs) to roughly [−2, 2]. */
    public static final float LOG_SCALE = (float) (1 / (4 * Math.log(2)));
    public static final float LOG_OFFSET = 2f;

    private RatioNetwork() {
    }

    /**
     * The log-domain input: {@code log2(v + ε) / 4 + 2}, written as {@code ln(v + ε) · LOG_SCALE + LOG_OFFSET}, the
     * same arithmetic the trainer's network does.
     */
    public static float logInput(float v) {
        return (float) Math.log(v + LOG_EPSILON) * LOG_SCALE + LOG_OFFSET;
    }

    /** A random-weight network (seeded), for tests and benchmarks. */
    public static ModelProto random(RatioNetworkConfig config, long seed, ExportOptions options) {
        return build(config, new RandomWeights(seed), options);
    }

    public static ModelProto build(RatioNetworkConfig config, WeightSource weights, ExportOptions options) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("nightshift_ratio", options.precision());
        ConvLayers layers = new ConvLayers(g, weights, false, Activation.RELU, UNetConfig.DEFAULT_EPSILON, true);

        String x = g.input(ContractV1.RATIO_INPUT, Dim.named("N"), Dim.fixed(ContractV1.THUMB_CHANNELS),
                Dim.fixed(ContractV1.THUMB_SIZE), Dim.fixed(ContractV1.THUMB_SIZE));
        if (config.logInput()) {
            String log = g.log(g.add(x, g.initializer("log.epsilon", new float[] {LOG_EPSILON})));
            x = g.add(g.mul(log, g.initializer("log.scale", new float[] {LOG_SCALE})),
                    g.initializer("log.offset", new float[] {LOG_OFFSET}));
        }
        int channels = ContractV1.THUMB_CHANNELS;
        for (int i = 0; i < config.widths().size(); i++) {
            int w = config.widths().get(i);
            x = g.relu(layers.plainConv("conv" + i, x, channels, w, 3));
            x = g.maxPool(x, 2, 2);
            channels = w;
        }
        x = g.flatten(g.globalAveragePool(x), 1);
        x = g.relu(linear(g, weights, "fc1", x, channels, config.hidden()));
        String out = linear(g, weights, "fc2", x, config.hidden(), 1);
        g.output(out, ContractV1.RATIO_OUTPUT, Dim.named("N"), Dim.fixed(1));

        NetworkMetadata.write(g, ModelRole.RATIO_ESTIMATOR, config.architecture(), options);
        return g.build();
    }

    private static String linear(OnnxGraphBuilder g, WeightSource weights, String name, String x, int in, int out) {
        long[] shape = {out, in};
        return g.gemm(x, g.initializer(name + ".weight", weights.weights(name + ".weight", shape), shape),
                g.initializer(name + ".bias", weights.weights(name + ".bias", out), out), true);
    }
}
