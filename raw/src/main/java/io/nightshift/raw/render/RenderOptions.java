package io.nightshift.raw.render;

/**
 * How LibRaw renders: camera white balance, 16-bit, no auto-brightness, no maximum adjustment,
 * orientation off, AHD demosaicing (LibRaw's default), plus these choices.
 *
 * @param gain linear gain applied before the transfer curve (LibRaw's {@code bright}); 1 for none
 * @param halfSize one output pixel per 2×2 block (LibRaw's {@code half_size})
 */
public record RenderOptions(double gain, boolean halfSize, OutputSpace space) {

    public RenderOptions {
        if (!(gain > 0) || Double.isInfinite(gain)) {
            throw new IllegalArgumentException("gain must be positive: " + gain);
        }
    }

    public static RenderOptions srgb() {
        return new RenderOptions(1, false, OutputSpace.SRGB);
    }

    public static RenderOptions linear() {
        return new RenderOptions(1, false, OutputSpace.LINEAR_CAMERA);
    }

    public RenderOptions withGain(double g) {
        return new RenderOptions(g, halfSize, space);
    }

    public RenderOptions withHalfSize(boolean half) {
        return new RenderOptions(gain, half, space);
    }
}
