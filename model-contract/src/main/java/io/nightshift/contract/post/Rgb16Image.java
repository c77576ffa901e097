package io.nightshift.contract.post;

/**
 * Display sRGB as 16-bit samples (unsigned in a {@code short}), packed RGB ({@code 3 × width} samples a row,
 * top row first): what the 16-bit PNG and TIFF encoders take. The array is shared, not copied.
 */
public record Rgb16Image(short[] data, int width, int height) {

    public Rgb16Image {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("an image needs a positive size, got " + width + "×" + height);
        }
        if (data == null || data.length != 3L * width * height) {
            throw new IllegalArgumentException(width + "×" + height + " RGB needs " + 3L * width * height + " samples, got "
                    + (data == null ? "none" : Integer.toString(data.length)));
        }
    }

    /** Sample {@code c} (0 R, 1 G, 2 B) of pixel (x, y), 0–65535. */
    public int get(int c, int y, int x) {
        return data[3 * (y * width + x) + c] & 0xFFFF;
    }
}
