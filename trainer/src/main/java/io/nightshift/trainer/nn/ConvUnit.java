package io.nightshift.trainer.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.nightshift.contract.onnx.Activation;
import java.util.Map;

/**
 * One 3×3 convolution (padding 1) of a U-Net level, with batch normalization when configured (the
 * convolution then has no bias), followed by the activation. Exports as {@code prefix.conv{j}.*} and
 * {@code prefix.bn{j}.*}, the names of the contract's builder.
 */
final class ConvUnit extends AbstractBlock {

    private final String convName;
    private final String bnName;
    private final Activation activation;
    private final Conv3x3 conv;
    private final BatchNorm bn;

    ConvUnit(String prefix, int j, int filters, boolean batchNorm, Activation activation, float epsilon) {
        this.convName = prefix + ".conv" + j;
        this.bnName = prefix + ".bn" + j;
        this.activation = activation;
        this.conv = addChildBlock("conv", new Conv3x3(filters, !batchNorm));
        this.bn = batchNorm ? addChildBlock("bn", BatchNorm.builder().optEpsilon(epsilon).build()) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList y = conv.forward(ps, inputs, training, params);
        if (bn != null) {
            y = bn.forward(ps, y, training, params);
        }
        return new NDList(Activations.apply(activation, y.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return conv.getOutputShapes(inputs);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
        if (bn != null) {
            bn.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
        }
    }

    void exportTo(Map<String, float[]> out) {
        NamedParameters.put(out, convName + ".weight", conv, "weight");
        if (bn == null) {
            NamedParameters.put(out, convName + ".bias", conv, "bias");
        } else {
            NamedParameters.put(out, bnName + ".gamma", bn, "gamma");
            NamedParameters.put(out, bnName + ".beta", bn, "beta");
            NamedParameters.put(out, bnName + ".running_mean", bn, "runningMean");
            NamedParameters.put(out, bnName + ".running_var", bn, "runningVar");
        }
    }
}
