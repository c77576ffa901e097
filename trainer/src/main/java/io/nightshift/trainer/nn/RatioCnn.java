package io.nightshift.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.nightshift.contract.ContractV1;
import io.nightshift.contract.ModelRole;
import io.nightshift.contract.onnx.ExportOptions;
import io.nightshift.contract.onnx.RatioNetwork;
import io.nightshift.contract.onnx.RatioNetworkConfig;
import io.nightshift.contract.onnx.WeightSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ratio CNN of contract v1 in DJL: {@code thumb [N, 3, 64, 64]} → {@code log2_ratio [N, 1]}.
 * With {@link RatioNetworkConfig#logInput} the thumb first goes to the log domain, as {@link RatioNetwork#logInput}
 * does it; then stages of 3×3 convolution (padding 1) + ReLU + 2×2 max-pool, global average pool, a hidden linear
 * layer + ReLU and a linear layer to one value, added with {@link RatioNetworkConfig#exposurePrior} to the thumb's
 * exposure prior ({@link RatioNetwork#priorLog2Ratio}, computed here by sorting); the topology of
 * {@link RatioNetwork}.
 */
public final class RatioCnn extends AbstractBlock implements ContractNetwork {

    private final RatioNetworkConfig config;
    private final List<Conv3x3> stages = new ArrayList<>();
    private final Linear fc1;
    private final Linear fc2;

    public RatioCnn(RatioNetworkConfig config) {
        this.config = config;
        for (int i = 0; i < config.widths().size(); i++) {
            stages.add(addChildBlock("conv" + i, new Conv3x3(config.widths().get(i), true)));
        }
        fc1 = addChildBlock("fc1", Linear.builder().setUnits(config.hidden()).build());
        fc2 = addChildBlock("fc2", Linear.builder().setUnits(1).build());
    }

    public RatioNetworkConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray prior = config.exposurePrior() ? prior(x, config.priorLevel()) : null;
        if (config.logInput()) {
            x = x.add(RatioNetwork.LOG_EPSILON).log().mul(RatioNetwork.LOG_SCALE).add(RatioNetwork.LOG_OFFSET);
        }
        for (Conv3x3 conv : stages) {
            x = Activation.relu(conv.forward(ps, new NDList(x), training, params).singletonOrThrow());
            x = Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
        }
        Shape s = x.getShape();
        x = x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).mean(new int[] {2}); // global average pool
        x = Activation.relu(fc1.forward(ps, new NDList(x), training, params).singletonOrThrow());
        NDList out = fc2.forward(ps, new NDList(x), training, params);
        return prior == null ? out : new NDList(out.singletonOrThrow().add(prior));
    }

    /** {@link RatioNetwork#priorLog2Ratio} of each thumb of a batch, {@code [N, 1]} (no parameters, no gradient). */
    static NDArray prior(NDArray thumbs, float level) {
        long n = thumbs.getShape().get(0);
        NDArray sorted = thumbs.reshape(n, -1).sort(1);
        long at = sorted.getShape().get(1) - RatioNetwork.PRIOR_TOP;
        NDArray p98 = sorted.get(":, " + at + ":" + (at + 1)).maximum(RatioNetwork.PRIOR_FLOOR);
        return p98.log().mul((float) (-1 / Math.log(2))).add((float) (Math.log(level) / Math.log(2)))
                .clip(0f, RatioNetwork.PRIOR_MAX).stopGradient();
    }

    /**
     * Sets the output layer's bias (after initialization), e.g. to the mean label: Adam moves a parameter by about
     * its learning rate per step, so a bias left at 0 would take thousands of steps to reach log2 ratios of 5–8.
     */
    public void setOutputBias(float value) {
        fc2.getParameters().get("bias").getArray().set(new float[] {value});
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {new Shape(inputs[0].get(0), 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        long n = s.get(0);
        long side = s.get(2);
        long channels = s.get(1);
        for (int i = 0; i < stages.size(); i++) {
            stages.get(i).initialize(manager, dataType, new Shape(n, channels, side, side));
            channels = config.widths().get(i);
            side /= 2;
        }
        fc1.initialize(manager, dataType, new Shape(n, channels));
        fc2.initialize(manager, dataType, new Shape(n, config.hidden()));
    }

    @Override
    public ModelRole role() {
        return ModelRole.RATIO_ESTIMATOR;
    }

    @Override
    public String architecture() {
        return config.architecture();
    }

    @Override
    public Map<String, float[]> namedWeights() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int i = 0; i < stages.size(); i++) {
            NamedParameters.put(out, "conv" + i + ".weight", stages.get(i), "weight");
            NamedParameters.put(out, "conv" + i + ".bias", stages.get(i), "bias");
        }
        for (String fc : new String[] {"fc1", "fc2"}) {
            Linear layer = fc.equals("fc1") ? fc1 : fc2;
            NamedParameters.put(out, fc + ".weight", layer, "weight");
            NamedParameters.put(out, fc + ".bias", layer, "bias");
        }
        return out;
    }

    @Override
    public ModelProto toOnnx(WeightSource weights, ExportOptions options) {
        return RatioNetwork.build(config, weights, options);
    }

    @Override
    public Shape inputShape(long n) {
        return new Shape(n, ContractV1.THUMB_CHANNELS, ContractV1.THUMB_SIZE, ContractV1.THUMB_SIZE);
    }
}
