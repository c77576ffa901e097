package io.nightshift.contract.post;

/**
 * Display sRGB as 8-bit samples, packed RGB ({@code 3 × width} bytes a row, top row first): what a JPEG
 * encoder and the previews take. The array is shared, not copied.
 */
public record Rgb8Image(byte[] data, int width, int height) {

    public Rgb8Image {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("an image needs a positive size, got " + width + "×" + height);
        }
        if (data == null || data.length != 3L * width * height) {
            throw new IllegalArgumentException(width + "×" + height + " RGB needs " + 3L * width * height + " bytes, got "
                    + (data == null ? "none" : Integer.toString(data.length)));
        }
    }

    /** Sample {@code c} (0 R, 1 G, 2 B) of pixel (x, y), 0–255. */
    public int get(int c, int y, int x) {
        return data[3 * (y * width + x) + c] & 0xFF;
    }
}
