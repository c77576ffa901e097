package io.nightshift.contract;

/**
 * A float image stored plane after plane ({@code [channels, height, width]}, row-major), the layout
 * of one batch item of an ONNX tensor. The array is shared, not copied: records of this type are
 * views, and two are equal only if they hold the same array.
 *
 * @param data     {@code channels × height × width} values; element {@code (c, y, x)} is at
 *                 {@code (c × height + y) × width + x}
 * @param channels number of planes
 * @param height   rows
 * @param width    columns
 */
public record PlanarImage(float[] data, int channels, int height, int width) {

    public PlanarImage {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(
                    "image dimensions must be positive, got " + channels + "×" + height + "×" + width);
        }
        if (data == null || (long) channels * height * width != data.length) {
            throw new IllegalArgumentException("image " + channels + "×" + height + "×" + width + " needs "
                    + (long) channels * height * width + " values, got "
                    + (data == null ? "none" : Integer.toString(data.length)));
        }
    }

    /** A zero-filled image. */
    public static PlanarImage zeros(int channels, int height, int width) {
        return new PlanarImage(new float[Math.multiplyExact(Math.multiplyExact(channels, height), width)],
                channels, height, width);
    }

    public int planeSize() {
        return height * width;
    }

    public int index(int channel, int y, int x) {
        return (channel * height + y) * width + x;
    }

    public float get(int channel, int y, int x) {
        return data[index(channel, y, x)];
    }

    public void set(int channel, int y, int x, float value) {
        data[index(channel, y, x)] = value;
    }

    /** The ONNX tensor shape of this image as a batch of one: {@code [1, channels, height, width]}. */
    public long[] batchShape() {
        return new long[] {1, channels, height, width};
    }
}
