package io.nightshift.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.nightshift.contract.ContractV1;
import io.nightshift.contract.ModelRole;
import io.nightshift.contract.onnx.EnhancerNetwork;
import io.nightshift.contract.onnx.ExportOptions;
import io.nightshift.contract.onnx.UNetConfig;
import io.nightshift.contract.onnx.WeightSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The enhancer U-Net of contract v1 in DJL, for either {@link UNetConfig}: the SID U-Net
 * ({@link UNetConfig#sid()}) or the smaller BN variant ({@link UNetConfig#batchNormVariant(int)}).
 * {@code packed [N, 4, h, w]} (or {@code [N, 6, h, w]} with contract v2's noise planes, {@link UNetConfig#noiseInput()})
 * → {@code rgb [N, 3, 2h, 2w]}.
 *
 * <p>Per level two {@link ConvUnit}s; 2×2 max-pool between levels; on the way up a 1×1 convolution to
 * 4× the level's width and {@link DepthToSpace#crd depth-to-space} (exactly SID's 2×2 stride-2
 * transposed convolution, which DJL's PyTorch engine lacks), concatenation {@code [upsampled, skip]},
 * two {@link ConvUnit}s; a 1×1 head to 12 channels and depth-to-space ×2. The same topology as
 * {@link EnhancerNetwork}, parameter for parameter; with {@link UNetConfig#inputResidual()} the head is added
 * to the contract's fixed {@link EnhancerNetwork#inputResidualKernel() input residual} (no parameters).
 */
public final class UNet extends AbstractBlock implements ContractNetwork {

    private static final int HEAD_CHANNELS = ContractV1.RGB_CHANNELS * ContractV1.UPSCALE * ContractV1.UPSCALE;

    /** Xavier magnitude of the head's initial weights: He's 2 scaled by 0.1² (standard deviation ×0.1). */
    static final float HEAD_INIT_MAGNITUDE = 0.02f;

    private final UNetConfig config;
    private final List<ConvUnit[]> encoder = new ArrayList<>();
    private final List<ConvUnit[]> decoder = new ArrayList<>();
    private final List<Conv2d> ups = new ArrayList<>();
    private final Conv2d head;

    public UNet(UNetConfig config) {
        this.config = config;
        List<Integer> widths = config.widths();
        for (int i = 0; i < widths.size(); i++) {
            encoder.add(level("enc" + i, widths.get(i)));
        }
        for (int i = 0; i < widths.size() - 1; i++) {
            ups.add(addChildBlock("up" + i, conv1x1(4 * widths.get(i))));
            decoder.add(level("dec" + i, widths.get(i)));
        }
        head = addChildBlock("head", conv1x1(HEAD_CHANNELS));
        // He initialization everywhere else; the head starts 10× smaller so the initial output is of the order of
        // the targets (linear RGB in [0, 1]), not ~10 as a He-initialized head gives
        head.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                XavierInitializer.FactorType.IN, HEAD_INIT_MAGNITUDE), Parameter.Type.WEIGHT);
    }

    public UNetConfig config() {
        return config;
    }

    private ConvUnit[] level(String prefix, int width) {
        return new ConvUnit[] {
            addChildBlock(prefix + ".conv1", unit(prefix, 1, width)),
            addChildBlock(prefix + ".conv2", unit(prefix, 2, width)),
        };
    }

    private ConvUnit unit(String prefix, int j, int width) {
        return new ConvUnit(prefix, j, width, config.batchNorm(), config.activation(), config.epsilon());
    }

    private static Conv2d conv1x1(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(filters).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray packed = inputs.singletonOrThrow();
        NDArray x = packed;
        List<NDArray> skips = new ArrayList<>();
        for (int i = 0; i < encoder.size(); i++) {
            if (i > 0) {
                x = Pool.maxPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
            }
            x = block(encoder.get(i), ps, x, training, params);
            skips.add(x);
        }
        for (int i = encoder.size() - 2; i >= 0; i--) {
            NDArray up = DepthToSpace.crd(ups.get(i).forward(ps, new NDList(x), training, params).singletonOrThrow(), 2);
            x = NDArrays.concat(new NDList(up, skips.get(i)), 1);
            x = block(decoder.get(i), ps, x, training, params);
        }
        NDArray rgb = head.forward(ps, new NDList(x), training, params).singletonOrThrow();
        if (config.bilinearBase()) {
            // constants, not parameters: the bilinear demosaic, normalized by its taps inside the frame
            int channels = config.inputChannels();
            try (NDArray kernel = packed.getManager().create(
                    EnhancerNetwork.widened(EnhancerNetwork.bilinearResidualKernel(), channels, 9),
                    new Shape(HEAD_CHANNELS, channels, 3, 3)).toType(packed.getDataType(), false);
                    NDArray ones = packed.onesLike()) {
                Shape stride = new Shape(1, 1);
                Shape pad = new Shape(1, 1);
                Shape dilation = new Shape(1, 1);
                NDArray base = Conv2d.conv2d(packed, kernel, null, stride, pad, dilation).singletonOrThrow();
                NDArray weight = Conv2d.conv2d(ones, kernel, null, stride, pad, dilation).singletonOrThrow();
                rgb = rgb.add(base.div(weight));
            }
        } else if (config.inputResidual()) {
            // a constant, not a parameter: created beside the input (its device), 48 floats per forward pass
            int channels = config.inputChannels();
            try (NDArray kernel = packed.getManager().create(
                    EnhancerNetwork.widened(EnhancerNetwork.inputResidualKernel(), channels, 1),
                    new Shape(HEAD_CHANNELS, channels, 1, 1))) {
                rgb = rgb.add(Conv2d.conv2d(packed, kernel.toType(packed.getDataType(), false)).singletonOrThrow());
            }
        }
        return new NDList(DepthToSpace.crd(rgb, ContractV1.UPSCALE));
    }

    private static NDArray block(ConvUnit[] units, ParameterStore ps, NDArray x, boolean training,
            PairList<String, Object> params) {
        NDList y = new NDList(x);
        for (ConvUnit u : units) {
            y = u.forward(ps, y, training, params);
        }
        return y.singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return new Shape[] {new Shape(s.get(0), ContractV1.RGB_CHANNELS, 2 * s.get(2), 2 * s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        long n = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        if (h % config.sizeMultiple() != 0 || w % config.sizeMultiple() != 0) {
            throw new IllegalArgumentException("input sides must be multiples of " + config.sizeMultiple() + ", got " + s);
        }
        List<Integer> widths = config.widths();
        long channels = config.inputChannels();
        for (int i = 0; i < widths.size(); i++) {
            if (i > 0) {
                h /= 2;
                w /= 2;
            }
            initialize(encoder.get(i), manager, dataType, new Shape(n, channels, h, w), widths.get(i));
            channels = widths.get(i);
        }
        for (int i = widths.size() - 2; i >= 0; i--) {
            ups.get(i).initialize(manager, dataType, new Shape(n, channels, h, w));
            h *= 2;
            w *= 2;
            initialize(decoder.get(i), manager, dataType, new Shape(n, 2L * widths.get(i), h, w), widths.get(i));
            channels = widths.get(i);
        }
        head.initialize(manager, dataType, new Shape(n, channels, h, w));
    }

    private static void initialize(ConvUnit[] units, NDManager manager, DataType dataType, Shape input, int width) {
        units[0].initialize(manager, dataType, input);
        units[1].initialize(manager, dataType, new Shape(input.get(0), width, input.get(2), input.get(3)));
    }

    @Override
    public ModelRole role() {
        return ModelRole.ENHANCER;
    }

    @Override
    public String architecture() {
        return config.architecture();
    }

    @Override
    public Map<String, float[]> namedWeights() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int i = 0; i < encoder.size(); i++) {
            for (ConvUnit u : encoder.get(i)) {
                u.exportTo(out);
            }
        }
        for (int i = 0; i < ups.size(); i++) {
            NamedParameters.put(out, "up" + i + ".weight", ups.get(i), "weight");
            NamedParameters.put(out, "up" + i + ".bias", ups.get(i), "bias");
            for (ConvUnit u : decoder.get(i)) {
                u.exportTo(out);
            }
        }
        NamedParameters.put(out, "head.weight", head, "weight");
        NamedParameters.put(out, "head.bias", head, "bias");
        return out;
    }

    @Override
    public ModelProto toOnnx(WeightSource weights, ExportOptions options) {
        return EnhancerNetwork.build(config, weights, options);
    }

    @Override
    public Shape inputShape(long n) {
        int m = config.sizeMultiple();
        return new Shape(n, config.inputChannels(), m, 2L * m);
    }
}
