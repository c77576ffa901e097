package io.nightshift.inference.ratio;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.Thumbnail;
import io.nightshift.contract.image.WhiteBalance;
import io.nightshift.inference.engine.RatioSession;
import java.util.OptionalDouble;

/**
 * Decides a frame's amplification ratio: the job's explicit ratio when it gives one, otherwise the
 * ratio estimator's {@code 2^log2_ratio} on the frame's thumb, clamped to a {@link RatioRange}.
 * Does not own the session.
 */
public final class RatioEstimator {

    private final RatioSession session;
    private final RatioRange range;

    public RatioEstimator(RatioSession session, RatioRange range) {
        this.session = session;
        this.range = range;
    }

    public RatioRange range() {
        return range;
    }

    /**
     * @param packed  the SID-packed frame {@code [4, H, W]} in [0, 1], without white balance or ratio
     * @param asShot  the frame's as-shot white balance
     * @param given   the job's ratio, if any (must be positive and finite)
     */
    public RatioDecision decide(PlanarImage packed, WhiteBalance asShot, OptionalDouble given) {
        if (given.isPresent()) {
            double r = given.getAsDouble();
            if (!(r > 0) || Double.isInfinite(r)) {
                throw new IllegalArgumentException("a given ratio must be positive and finite, got " + r);
            }
            return RatioDecision.given(r);
        }
        float log2 = session.log2Ratio(Thumbnail.of(packed, asShot));
        double estimated = Math.pow(2, log2);
        double ratio = range.served(estimated);
        return new RatioDecision(ratio, RatioSource.ESTIMATED, estimated);
    }
}
