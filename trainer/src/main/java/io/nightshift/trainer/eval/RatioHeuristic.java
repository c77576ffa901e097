package io.nightshift.trainer.eval;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.onnx.RatioNetwork;

/**
 * The simple baseline the ratio CNN is measured against: the ratio that brings the thumb's 98th percentile to the
 * level it typically has in the training data ({@link RatioNetwork#PRIOR_LEVEL}), clamped to [1, 300] — the
 * contract's exposure prior, {@link RatioNetwork#priorLog2Ratio}, which a ratio CNN built with
 * {@code exposurePrior} corrects rather than replaces. On the same 400 training examples the level was measured
 * on, the mean instead of the 98th percentile spreads wider ({@code log2 mean + log2 ratio}: median −2.22, p10
 * −4.30, p90 −0.98, against −0.871, −2.56, −0.14), so the percentile is the stronger baseline.
 */
public final class RatioHeuristic {

    private RatioHeuristic() {
    }

    /** log2 of the heuristic's ratio for a thumb (the contract's {@code [3, 64, 64]}). */
    public static double log2Ratio(PlanarImage thumb) {
        return RatioNetwork.priorLog2Ratio(thumb.data());
    }
}
