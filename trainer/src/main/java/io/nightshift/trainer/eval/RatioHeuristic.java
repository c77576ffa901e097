package io.nightshift.trainer.eval;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.onnx.RatioNetwork;

/**
 * The simple baseline the ratio CNN is measured against: the ratio that brings the thumb's 98th percentile to the
 * level it typically has in the training data, {@code ratio = LEVEL / p98(thumb)}, clamped to [1, 300] — the
 * contract's exposure prior, {@link RatioNetwork#priorLog2Ratio}, which a ratio CNN built with
 * {@code exposurePrior} corrects rather than replaces.
 *
 * <p>The level was measured on the training data: 400 ratio examples ({@code SyntheticBatches.ratioSample},
 * training-split photographs of {@code /usr/share/wallpapers}, seed 5), median of {@code log2 p98(thumb) + log2
 * ratio} = −0.871 (p10 −2.56, p90 −0.14). The mean instead of the 98th percentile spreads wider (median −2.22,
 * p10 −4.30, p90 −0.98), so the percentile is the stronger baseline.
 */
public final class RatioHeuristic {

    /** Typical 98th percentile of a training thumb at its true exposure: 2^−0.871. */
    public static final double LEVEL = RatioNetwork.PRIOR_LEVEL;

    private RatioHeuristic() {
    }

    /** log2 of the heuristic's ratio for a thumb (the contract's {@code [3, 64, 64]}). */
    public static double log2Ratio(PlanarImage thumb) {
        return RatioNetwork.priorLog2Ratio(thumb.data());
    }
}
