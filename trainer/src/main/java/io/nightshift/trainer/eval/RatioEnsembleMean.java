package io.nightshift.trainer.eval;

import io.nightshift.contract.PlanarImage;
import io.nightshift.inference.engine.RatioSession;
import io.nightshift.inference.ratio.RatioRange;
import java.util.List;

/**
 * Several ratio CNNs as one estimator, in Java: the mean of their log2 outputs for a thumb, taken to the ratio a worker
 * would use ({@link RatioRange#served}). What {@code RatioEnsemble} merges into one graph for serving, here for
 * comparing candidate ensembles and oracles without exporting them.
 */
public final class RatioEnsembleMean {

    private RatioEnsembleMean() {
    }

    /** The members' mean log2 ratio for {@code thumb}, as served (clamped to the worker's range; NaN its minimum). */
    public static double log2(List<RatioSession> members, PlanarImage thumb) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one ratio CNN");
        }
        double sum = 0;
        for (RatioSession s : members) {
            sum += s.log2Ratio(thumb);
        }
        return Math.log(RatioRange.DEFAULT.served(Math.pow(2, sum / members.size()))) / Math.log(2);
    }
}
