package io.nightshift.trainer.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.nightshift.contract.ModelRole;
import io.nightshift.contract.onnx.ExportOptions;
import io.nightshift.contract.onnx.WeightSource;
import java.util.Map;

/**
 * A trainable DJL network of model contract v1 whose parameters export name for name to the
 * contract's ONNX builder.
 */
public sealed interface ContractNetwork extends Block permits UNet, RatioCnn {

    /** Enhancer or ratio estimator. */
    ModelRole role();

    /** e.g. {@code bn-unet 16-32-64-128-256}, as the ONNX builder writes it. */
    String architecture();

    /** The current parameters (BN running statistics included) under the contract's names. */
    Map<String, float[]> namedWeights();

    /** The ONNX graph of this topology with the given weights. */
    ModelProto toOnnx(WeightSource weights, ExportOptions options);

    /** A valid input shape with batch {@code n}: the smallest legal size (non-square for U-Nets). */
    Shape inputShape(long n);
}
