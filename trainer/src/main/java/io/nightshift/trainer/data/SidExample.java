package io.nightshift.trainer.data;

import io.nightshift.contract.PlanarImage;

/**
 * One SID pair as the enhancer sees it.
 *
 * @param input  short exposure, packed × WB × ratio, clamped: {@code [4, h, w]} (contract v1)
 * @param target long exposure rendered as linear white-balanced camera RGB in [0, 1], cropped like the
 *               packing: {@code [3, 2h, 2w]}
 * @param pair   the list row it came from (ratio, ISO, paths)
 */
public record SidExample(PlanarImage input, PlanarImage target, SidPair pair) {
}
