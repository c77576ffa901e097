package io.nightshift.raw;

/**
 * Sizes of the sensor data and of its visible part; the visible frame starts at
 * ({@code leftMargin}, {@code topMargin}) of the raw frame.
 */
public record RawGeometry(int rawWidth, int rawHeight, int width, int height, int leftMargin, int topMargin) {

    public long rawPixels() {
        return (long) rawWidth * rawHeight;
    }
}
