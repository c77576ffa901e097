package io.nightshift.raw.render;

import io.nightshift.raw.pack.PackCrop;

/**
 * A rendered RGB image, 16 bits per channel, interleaved row-major {@code [height, width, 3]} in
 * Java shorts (unsigned). {@code crop} is where it lies on the visible frame, in visible-frame pixels.
 */
public record RenderedImage(int width, int height, short[] rgb, PackCrop crop, OutputSpace space) {

    public RenderedImage {
        if (rgb.length != (long) width * height * 3) {
            throw new IllegalArgumentException("rgb holds " + rgb.length + " values, needs " + (long) width * height * 3);
        }
    }

    /** Channel {@code c} (0 red, 1 green, 2 blue) at column {@code x}, row {@code y}, in [0, 65535]. */
    public int get(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xFFFF;
    }
}
