package io.nightshift.trainer.data;

import io.nightshift.contract.post.ColorMatrix;
import io.nightshift.contract.PlanarImage;

/**
 * One training example of the enhancer.
 *
 * @param input  the network input {@code [4, h, w]}: dark packed × WB × ratio, clamped (contract v1)
 * @param target linear white-balanced camera RGB {@code [3, 2h, 2w]}
 * @param ratio  the amplification ratio used
 * @param cameraToSrgb the example's own colour matrix (white-balanced camera RGB → linear sRGB): what the
 *               contract's post-processing applies to the output, so what a display-space loss judges it after
 */
public record EnhancerSample(PlanarImage input, PlanarImage target, double ratio, ColorMatrix cameraToSrgb) {
}
