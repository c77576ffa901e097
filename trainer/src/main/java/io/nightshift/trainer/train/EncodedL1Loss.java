package io.nightshift.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;

/**
 * The enhancer's loss: L1 between output and target after both go through the sRGB transfer curve
 * ({@link #encode}), the domain the images are judged in. SID's network learned the same way in effect: its
 * targets were gamma-encoded renderings of the long exposures. A plain L1 on linear values spends the network's
 * capacity on highlights, where a given error is least visible, and lets errors in the shadows, which the curve
 * then magnifies up to 12.9×, go almost unpunished.
 *
 * <p>The curve is continued past both ends so that no gradient dies: linear (slope 12.92) below the toe, negative
 * values included, and the power law above 1.
 */
public final class EncodedL1Loss extends Loss {

    private static final float TOE = 0.0031308f;

    public EncodedL1Loss() {
        super("EncodedL1Loss");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray target = encode(labels.singletonOrThrow());
        NDArray prediction = encode(predictions.singletonOrThrow());
        return prediction.sub(target).abs().mean();
    }

    /**
     * The sRGB curve, {@code 12.92·v} up to the toe, {@code 1.055·v^(1/2.4) − 0.055} above.
     *
     * <p>The constants are arrays of {@code v}'s manager, left open until it closes (the training step's scope):
     * autograd keeps them for the backward pass. DJL's {@code mul(Number)} and the like make a constant a tensor over
     * a direct buffer without a copy and close it at once, so a garbage collection before the backward pass freed
     * memory the gradient was then computed from (the gradient came out 0 or garbage, a run's loss jumped for good,
     * processes crashed inside autograd).
     */
    static NDArray encode(NDArray v) {
        NDManager m = v.getManager();
        NDArray toe = m.create(TOE);
        NDArray linear = v.mul(m.create(12.92f));
        NDArray power = v.maximum(toe).pow(m.create(1 / 2.4f)).mul(m.create(1.055f)).sub(m.create(0.055f));
        return NDArrays.where(v.lte(toe), linear, power);
    }
}
