package io.nightshift.trainer.data;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.EnhancerInput;
import io.nightshift.contract.image.NoisePlanes;
import io.nightshift.contract.image.WhiteBalance;
import io.nightshift.contract.post.ColorMatrix;

/**
 * One training example of the enhancer.
 *
 * @param input  the network input {@code [4, h, w]}: dark packed × WB × ratio, clamped (contract v1)
 * @param target linear white-balanced camera RGB {@code [3, 2h, 2w]}
 * @param ratio  the amplification ratio used
 * @param cameraToSrgb the example's own colour matrix (white-balanced camera RGB → linear sRGB): what the
 *               contract's post-processing applies to the output, so what a display-space loss judges it after
 * @param dark   the dark packed patch (before white balance and ratio) the input was made from
 */
public record EnhancerSample(PlanarImage input, PlanarImage target, double ratio, ColorMatrix cameraToSrgb,
        PlanarImage dark) {

    /** The example of a dark packed patch (before white balance and ratio) and its target. */
    public static EnhancerSample of(PlanarImage dark, WhiteBalance wb, double ratio, PlanarImage target,
            ColorMatrix cameraToSrgb) {
        return new EnhancerSample(EnhancerInput.of(dark, wb, (float) ratio), target, ratio, cameraToSrgb, dark);
    }

    /**
     * The patch's noise planes (contract v2's extra input), estimated from the dark patch as a worker estimates them
     * from its frame; computed on each call, so only inputs that carry them pay for it.
     */
    public NoisePlanes noise() {
        return NoisePlanes.of(dark, ratio);
    }
}
