package io.nightshift.inference.output;

import io.nightshift.contract.PlanarImage;
import io.nightshift.raw.render.RenderedImage;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.Graphics2D;

/**
 * Small JPEG previews (of the result, and of a plain rendering of the input): the long side scaled to
 * at most {@code longSide} (default 1024), never enlarged, area-averaged by successive halving then
 * one bilinear step.
 */
public final class Previews {

    public static final int DEFAULT_LONG_SIDE = 1024;
    public static final float QUALITY = 0.85f;

    private Previews() {
    }

    public static byte[] jpeg(PlanarImage srgb, int longSide) {
        return ImageEncoder.jpeg(scale(ImageEncoder.toRgb8(srgb), longSide), QUALITY);
    }

    /**
     * A preview of a plain rendering of the input: the RAW front end's {@code ReferenceRenderer} output
     * (e.g. {@code RenderOptions.srgb().withGain(ratio).withHalfSize(true)}), 16-bit sRGB.
     */
    public static byte[] jpeg(RenderedImage rendering, int longSide) {
        int w = rendering.width();
        int h = rendering.height();
        short[] rgb = rendering.rgb();
        int[] pixels = new int[w * h];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = eight(rgb[3 * i]) << 16 | eight(rgb[3 * i + 1]) << 8 | eight(rgb[3 * i + 2]);
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, w, h, pixels, 0, w);
        return ImageEncoder.jpeg(scale(image, longSide), QUALITY);
    }

    private static int eight(short sixteen) {
        return ((sixteen & 0xFFFF) * 255 + 32767) / 65535;
    }

    static BufferedImage scale(BufferedImage image, int longSide) {
        if (longSide <= 0) {
            throw new IllegalArgumentException("long side must be positive, got " + longSide);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        double s = Math.min(1.0, longSide / (double) Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * s));
        int th = Math.max(1, (int) Math.round(h * s));
        BufferedImage current = image;
        while (current.getWidth() / 2 >= tw && current.getHeight() / 2 >= th) {
            current = resize(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        return current.getWidth() == tw && current.getHeight() == th ? current : resize(current, tw, th);
    }

    private static BufferedImage resize(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
