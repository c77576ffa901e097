package io.nightshift.raw.render;

/**
 * How LibRaw renders: camera white balance, 16-bit, no auto-brightness, no maximum adjustment,
 * orientation off, AHD demosaicing (LibRaw's default), plus these choices.
 *
 * @param gain     linear gain applied before the transfer curve (LibRaw's {@code bright}); 1 for none
 * @param halfSize one output pixel per 2×2 block (LibRaw's {@code half_size})
 * @param denoise  LibRaw's wavelet denoising threshold ({@code threshold}, dcraw's {@code -n}: 100–1000 is its
 *                 usual range, in the raw data's units before the gain); 0 for none
 */
public record RenderOptions(double gain, boolean halfSize, OutputSpace space, double denoise) {

    public RenderOptions {
        if (!(gain > 0) || Double.isInfinite(gain)) {
            throw new IllegalArgumentException("gain must be positive: " + gain);
        }
        if (!(denoise >= 0) || Double.isInfinite(denoise)) {
            throw new IllegalArgumentException("denoise must be 0 (none) or a positive threshold: " + denoise);
        }
    }

    public RenderOptions(double gain, boolean halfSize, OutputSpace space) {
        this(gain, halfSize, space, 0);
    }

    public static RenderOptions srgb() {
        return new RenderOptions(1, false, OutputSpace.SRGB);
    }

    public static RenderOptions linear() {
        return new RenderOptions(1, false, OutputSpace.LINEAR_CAMERA);
    }

    public RenderOptions withGain(double g) {
        return new RenderOptions(g, halfSize, space, denoise);
    }

    public RenderOptions withHalfSize(boolean half) {
        return new RenderOptions(gain, half, space, denoise);
    }

    /** With LibRaw's wavelet denoising at this threshold (0: none). */
    public RenderOptions withDenoise(double threshold) {
        return new RenderOptions(gain, halfSize, space, threshold);
    }
}
