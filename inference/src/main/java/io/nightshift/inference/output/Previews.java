package io.nightshift.inference.output;

import io.nightshift.contract.post.Rgb16Image;
import io.nightshift.contract.post.Rgb8Image;
import io.nightshift.raw.render.RenderedImage;

/**
 * Small JPEG previews (of the result, and of a plain rendering of the input): the long side scaled to at most
 * {@code longSide} (default 1024), never enlarged. The image is first area-averaged by the largest whole factor
 * that keeps it at least the target size (one pass over the frame, reading each sample once), then resampled
 * bilinearly to the exact size, then compressed by libjpeg-turbo ({@link ImageEncoder#jpeg(Rgb8Image, float)}).
 */
public final class Previews {

    public static final int DEFAULT_LONG_SIDE = 1024;
    public static final float QUALITY = 0.85f;

    private Previews() {
    }

    /** A preview of 8-bit display sRGB (the result as {@code PostProcessor.render8} made it). */
    public static byte[] jpeg(Rgb8Image srgb, int longSide) {
        return ImageEncoder.jpeg(scale(srgb.data(), null, srgb.width(), srgb.height(), longSide), QUALITY);
    }

    /** A preview of 16-bit display sRGB (the result as {@code PostProcessor.render16} made it). */
    public static byte[] jpeg(Rgb16Image srgb, int longSide) {
        return ImageEncoder.jpeg(scale(null, srgb.data(), srgb.width(), srgb.height(), longSide), QUALITY);
    }

    /**
     * A preview of a plain rendering of the input: the RAW front end's {@code ReferenceRenderer} output
     * (e.g. {@code RenderOptions.srgb().withGain(ratio).withHalfSize(true)}), 16-bit sRGB.
     */
    public static byte[] jpeg(RenderedImage rendering, int longSide) {
        return jpeg(new Rgb16Image(rendering.rgb(), rendering.width(), rendering.height()), longSide);
    }

    /** The preview's size for an image of {@code w × h}: {@code [width, height]}. */
    static int[] size(int w, int h, int longSide) {
        if (longSide <= 0) {
            throw new IllegalArgumentException("long side must be positive, got " + longSide);
        }
        double s = Math.min(1.0, longSide / (double) Math.max(w, h));
        return new int[] {Math.max(1, (int) Math.round(w * s)), Math.max(1, (int) Math.round(h * s))};
    }

    static Rgb8Image scale(Rgb8Image image, int longSide) {
        return scale(image.data(), null, image.width(), image.height(), longSide);
    }

    /** One of {@code eight} and {@code sixteen} holds the packed RGB samples. */
    private static Rgb8Image scale(byte[] eight, short[] sixteen, int w, int h, int longSide) {
        int[] target = size(w, h, longSide);
        int tw = target[0];
        int th = target[1];
        int k = Math.max(1, Math.min(w / tw, h / th));
        int bw = w / k;
        int bh = h / k;
        // 1. box average by k (the last w % k columns and h % k rows are left out, as successive halving did)
        float[] box = new float[3 * bw * bh];
        float norm = 1f / (k * k * (eight != null ? 255f : 65535f));
        // column sums of k rows (contiguous, which the JIT vectorises), then k neighbouring columns per box
        int[] columns = new int[3 * w];
        for (int by = 0; by < bh; by++) {
            java.util.Arrays.fill(columns, 0);
            for (int dy = 0; dy < k; dy++) {
                int s = 3 * (by * k + dy) * w;
                if (eight != null) {
                    for (int i = 0; i < columns.length; i++) {
                        columns[i] += eight[s + i] & 0xFF;
                    }
                } else {
                    for (int i = 0; i < columns.length; i++) {
                        columns[i] += sixteen[s + i] & 0xFFFF;
                    }
                }
            }
            int d = 3 * by * bw;
            for (int bx = 0; bx < bw; bx++) {
                int r = 0;
                int g = 0;
                int b = 0;
                for (int dx = 0, c = 3 * bx * k; dx < k; dx++, c += 3) {
                    r += columns[c];
                    g += columns[c + 1];
                    b += columns[c + 2];
                }
                box[d + 3 * bx] = r * norm;
                box[d + 3 * bx + 1] = g * norm;
                box[d + 3 * bx + 2] = b * norm;
            }
        }
        // 2. bilinear to the exact size (pixel centres aligned), to 8 bits
        byte[] out = new byte[3 * tw * th];
        double sx = bw / (double) tw;
        double sy = bh / (double) th;
        for (int y = 0; y < th; y++) {
            double fy = Math.max(0, Math.min(bh - 1, (y + 0.5) * sy - 0.5));
            int y0 = (int) fy;
            int y1 = Math.min(bh - 1, y0 + 1);
            float ay = (float) (fy - y0);
            for (int x = 0; x < tw; x++) {
                double fx = Math.max(0, Math.min(bw - 1, (x + 0.5) * sx - 0.5));
                int x0 = (int) fx;
                int x1 = Math.min(bw - 1, x0 + 1);
                float ax = (float) (fx - x0);
                for (int c = 0; c < 3; c++) {
                    float top = box[3 * (y0 * bw + x0) + c] * (1 - ax) + box[3 * (y0 * bw + x1) + c] * ax;
                    float bottom = box[3 * (y1 * bw + x0) + c] * (1 - ax) + box[3 * (y1 * bw + x1) + c] * ax;
                    float v = top * (1 - ay) + bottom * ay;
                    out[3 * (y * tw + x) + c] = (byte) Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
                }
            }
        }
        return new Rgb8Image(out, tw, th);
    }
}
