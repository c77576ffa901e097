package io.nightshift.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
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

    /** The sRGB curve, {@code 12.92·v} up to the toe, {@code 1.055·v^(1/2.4) − 0.055} above. */
    static NDArray encode(NDArray v) {
        NDArray linear = v.mul(12.92f);
        NDArray power = v.maximum(TOE).pow(1 / 2.4f).mul(1.055f).sub(0.055f);
        return NDArrays.where(v.lte(TOE), linear, power);
    }
}
