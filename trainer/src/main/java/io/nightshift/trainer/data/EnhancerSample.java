package io.nightshift.trainer.data;

import io.nightshift.contract.PlanarImage;

/**
 * One training example of the enhancer.
 *
 * @param input  the network input {@code [4, h, w]}: dark packed × WB × ratio, clamped (contract v1)
 * @param target linear white-balanced camera RGB {@code [3, 2h, 2w]}
 * @param ratio  the amplification ratio used
 */
public record EnhancerSample(PlanarImage input, PlanarImage target, double ratio) {
}
