package io.nightshift.contract.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nightshift.contract.ContractV1;
import io.nightshift.contract.ModelRole;
import java.util.Arrays;

/**
 * Builds the ratio estimator of contract v1 as an ONNX graph: {@code thumb [N, 3, 64, 64]} →
 * {@code log2_ratio [N, 1]}. With {@link RatioNetworkConfig#logInput}, first the thumb to the log domain
 * ({@link #logInput}); then stages of 3×3 convolution (padding 1) + ReLU + 2×2 max-pool,
 * GlobalAveragePool, Flatten, Gemm + ReLU, Gemm to one value; with {@link RatioNetworkConfig#exposurePrior} that
 * value is added to the exposure prior of the (linear) thumb ({@link #priorLog2Ratio}: Reshape, TopK, ReduceMin,
 * Max, Log, Mul, Add, Clip).
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

    /**
     * The exposure prior's level: the typical 98th percentile of a training thumb at its true exposure, 2^−0.871
     * (measured on 400 synthetic ratio examples — {@code SyntheticBatches.ratioSample}, seed 5 — of the trainer's
     * training photographs of {@code /usr/share/wallpapers}: median of {@code log2 p98 + log2 ratio}; p10 −2.56,
     * p90 −0.14).
     */
    public static final float PRIOR_LEVEL = 0.547f;
    /**
     * The level for thumbs of whole frames as a worker computes them, 2^−0.684 (the same measurement on 400 examples
     * whose thumbs stand for frames of 1–48 MP — {@code ServiceThumb}; p10 −2.32, p90 −0.15: trainer
     * {@code ExposurePriorLevel}).
     */
    public static final float SERVICE_PRIOR_LEVEL = 0.6225f;
    /** The thumb's values at and above the 98th percentile: the prior's statistic is the smallest of these. */
    public static final int PRIOR_TOP = ContractV1.THUMB_CHANNELS * ContractV1.THUMB_SIZE * ContractV1.THUMB_SIZE
            - (int) (0.98 * ContractV1.THUMB_CHANNELS * ContractV1.THUMB_SIZE * ContractV1.THUMB_SIZE);
    /** The percentile is taken as at least this (an all-black thumb). */
    public static final float PRIOR_FLOOR = 1e-6f;
    /** The prior is clipped to [0, log2 300], the contract's ratio range. */
    public static final float PRIOR_MAX = (float) (Math.log(300) / Math.log(2));

    private RatioNetwork() {
    }

    /**
     * The exposure prior of one thumb ({@code [3, 64, 64]} values): {@code log2(PRIOR_LEVEL / max(p98, PRIOR_FLOOR))}
     * clipped to [0, log2 300], where p98 is the smallest of the {@link #PRIOR_TOP} largest values — the ratio that
     * brings the thumb's 98th percentile to its typical level.
     */
    public static float priorLog2Ratio(float[] thumb) {
        return priorLog2Ratio(thumb, PRIOR_LEVEL);
    }

    /** {@link #priorLog2Ratio(float[])} at another {@code level} (a {@link RatioNetworkConfig#priorLevel}). */
    public static float priorLog2Ratio(float[] thumb, float level) {
        double log2 = (Math.log(level) - Math.log(p98(thumb))) / Math.log(2);
        return (float) Math.min(PRIOR_MAX, Math.max(0, log2));
    }

    /**
     * The prior's statistic: the smallest of the thumb's {@link #PRIOR_TOP} largest values (its 98th percentile), at
     * least {@link #PRIOR_FLOOR}.
     */
    public static double p98(float[] thumb) {
        if (thumb.length != ContractV1.THUMB_CHANNELS * ContractV1.THUMB_SIZE * ContractV1.THUMB_SIZE) {
            throw new IllegalArgumentException("a thumb has " + ContractV1.THUMB_CHANNELS * ContractV1.THUMB_SIZE
                    * ContractV1.THUMB_SIZE + " values, got " + thumb.length);
        }
        float[] v = thumb.clone();
        Arrays.sort(v);
        return Math.max(v[v.length - PRIOR_TOP], PRIOR_FLOOR);
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
        String prior = config.exposurePrior() ? prior(g, x, config.priorLevel()) : null;
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
        if (prior != null) {
            out = g.add(out, prior);
        }
        g.output(out, ContractV1.RATIO_OUTPUT, Dim.named("N"), Dim.fixed(1));

        NetworkMetadata.write(g, ModelRole.RATIO_ESTIMATOR, config.architecture(), options);
        return g.build();
    }

    /** {@link #priorLog2Ratio} as graph operators, {@code [N, 1]}. */
    private static String prior(OnnxGraphBuilder g, String thumb, float level) {
        String p98 = g.reduceMin(g.topK(g.reshape(thumb, 0, -1), PRIOR_TOP, 1), 1);
        String log = g.log(g.max(p98, g.initializer("prior.floor", new float[] {PRIOR_FLOOR})));
        String log2 = g.add(g.mul(log, g.initializer("prior.scale", new float[] {(float) (-1 / Math.log(2))})),
                g.initializer("prior.level", new float[] {(float) (Math.log(level) / Math.log(2))}));
        return g.clip(log2, g.initializer("prior.min", new float[] {0f}),
                g.initializer("prior.max", new float[] {PRIOR_MAX}));
    }

    private static String linear(OnnxGraphBuilder g, WeightSource weights, String name, String x, int in, int out) {
        long[] shape = {out, in};
        return g.gemm(x, g.initializer(name + ".weight", weights.weights(name + ".weight", shape), shape),
                g.initializer(name + ".bias", weights.weights(name + ".bias", out), out), true);
    }
}
