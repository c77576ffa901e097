package io.nightshift.contract.post;

/**
 * Where the visible frame lies on the enhancer's output, in output pixels and sensor orientation
 * (before {@link Orientation}): its top-left corner at ({@code left}, {@code top}) and its size.
 * The packed image covers an even-aligned part of the sensor, so the output (twice the packed size)
 * may start before the visible frame (positive offsets) or miss its last odd row or column: frame
 * pixels the output does not cover repeat the nearest output pixel.
 */
public record FrameWindow(int left, int top, int width, int height) {

    public FrameWindow {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a frame needs a positive size, got " + width + "×" + height);
        }
    }

    /** The whole output as it is. */
    public static FrameWindow whole(int width, int height) {
        return new FrameWindow(0, 0, width, height);
    }
}
