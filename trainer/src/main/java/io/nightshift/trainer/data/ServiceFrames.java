package io.nightshift.trainer.data;

import java.util.random.RandomGenerator;

/**
 * The frame sizes a ratio example's thumb stands for ({@link ServiceThumb}): sensor pixel counts drawn log-uniformly
 * from {@code [minPixels, maxPixels]}. The default spans what archives hold, from 1 MP compacts to 48 MP bodies.
 */
public record ServiceFrames(double minPixels, double maxPixels) {

    /** 1 to 48 MP. */
    public static final ServiceFrames TYPICAL = new ServiceFrames(1e6, 48e6);

    public ServiceFrames {
        if (!(minPixels >= 1) || !(maxPixels >= minPixels) || Double.isInfinite(maxPixels)) {
            throw new IllegalArgumentException("need 1 ≤ min ≤ max pixels, got " + minPixels + ", " + maxPixels);
        }
    }

    public double draw(RandomGenerator random) {
        return Math.exp(Math.log(minPixels) + random.nextDouble() * (Math.log(maxPixels) - Math.log(minPixels)));
    }
}
