package io.nightshift.raw.pack;

import io.nightshift.raw.Channel;

/**
 * A SID-packed frame: float32 {@code [4, height, width]} (channel-major) in R, G1, B, G2 order,
 * values in [0, 1]. {@code height} and {@code width} are half the crop's. The array is shared.
 */
public record PackedRaw(float[] data, int height, int width, PackCrop crop) {

    public static final int CHANNELS = 4;

    public PackedRaw {
        if (data.length != (long) CHANNELS * height * width) {
            throw new IllegalArgumentException("data holds " + data.length + " values, shape needs "
                    + (long) CHANNELS * height * width);
        }
        if (crop.width() != width * 2 || crop.height() != height * 2) {
            throw new IllegalArgumentException("crop " + crop + " does not match packed size " + width + "x" + height);
        }
    }

    public float get(Channel channel, int row, int col) {
        return data[(channel.ordinal() * height + row) * width + col];
    }

    /** {@code [4, height, width]}, as an ML tensor shape. */
    public long[] shape() {
        return new long[] {CHANNELS, height, width};
    }
}
