package io.nightshift.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;

/**
 * The enhancer's loss in the domain {@code evaluate} judges it in: L1 after each example's own camera → sRGB
 * matrix and the sRGB curve, the contract's post-processing. A camera matrix saturates — its off-diagonal
 * entries are negative, its rows' norms up to ~2 — so an error that differs between the camera channels (a colour
 * cast, chroma noise, false colour from demosaicking) is amplified on the way to the screen while an error common
 * to all three is not; a loss on camera RGB weighs both alike and so spends the network on what the viewer sees
 * least.
 *
 * <p>Labels: the linear target {@code [B, 3, H, W]} and the matrices {@code [B, 3, 3]} ({@link Batch#colour}).
 * Neither side is clipped, so the minimum is still the target itself and no gradient dies; the curve is
 * {@link EncodedL1Loss#encode}, continued past both ends.
 */
public final class DisplayL1Loss extends Loss {

    public DisplayL1Loss() {
        super("DisplayL1Loss");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        if (labels.size() != 2) {
            throw new IllegalArgumentException("DisplayL1Loss takes the target and the colour matrices, got "
                    + labels.size() + " label arrays");
        }
        NDArray matrices = labels.get(1);
        NDArray target = EncodedL1Loss.encode(display(labels.get(0), matrices));
        NDArray prediction = EncodedL1Loss.encode(display(predictions.singletonOrThrow(), matrices));
        return prediction.sub(target).abs().mean();
    }

    /** Linear sRGB of camera RGB {@code [B, 3, H, W]}: each example times its own matrix {@code [B, 3, 3]}. */
    static NDArray display(NDArray rgb, NDArray matrices) {
        Shape shape = rgb.getShape();
        NDArray flat = rgb.reshape(shape.get(0), shape.get(1), shape.get(2) * shape.get(3));
        return matrices.matMul(flat).reshape(shape);
    }
}
