package io.nightshift.contract.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nightshift.contract.ContractV1;
import io.nightshift.contract.ModelRole;

/**
 * Builds the ratio estimator of contract v1 as an ONNX graph: {@code thumb [N, 3, 64, 64]} →
 * {@code log2_ratio [N, 1]}. Stages of 3×3 convolution (padding 1) + ReLU + 2×2 max-pool,
 * GlobalAveragePool, Flatten, Gemm + ReLU, Gemm to one value.
 *
 * <p>Parameter names: {@code conv{i}.weight [w_i, in, 3, 3]}, {@code conv{i}.bias [w_i]} for stage
 * {@code i} from 0; {@code fc1.weight [hidden, w_last]}, {@code fc1.bias [hidden]},
 * {@code fc2.weight [1, hidden]}, {@code fc2.bias [1]} (linear layers in the {@code [out, in]}
 * layout of PyTorch and DJL).
 */
public final class RatioNetwork {

    private RatioNetwork() {
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
