package io.nightshift.raw;

/**
 * The visible Bayer mosaic: one unsigned 16-bit sample per pixel, row-major, {@code width × height}.
 * The array is shared, not copied: treat it as read-only.
 */
public final class BayerPlane {

    private final int width;
    private final int height;
    private final short[] samples;

    public BayerPlane(int width, int height, short[] samples) {
        if (width <= 0 || height <= 0 || samples.length != (long) width * height) {
            throw new IllegalArgumentException(
                    "plane " + width + "x" + height + " needs " + (long) width * height + " samples, got "
                            + samples.length);
        }
        this.width = width;
        this.height = height;
        this.samples = samples;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Sample at column {@code x}, row {@code y}, as an int in [0, 65535]. */
    public int get(int x, int y) {
        return samples[y * width + x] & 0xFFFF;
    }

    /** The backing array (row-major, unsigned 16-bit in Java shorts). */
    public short[] samples() {
        return samples;
    }
}
