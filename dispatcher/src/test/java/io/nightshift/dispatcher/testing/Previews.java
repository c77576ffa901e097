package io.nightshift.dispatcher.testing;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Real JPEG preview bytes, as a worker would upload them beside its result ({@link S3Fixtures#put} them). */
public final class Previews {
    private Previews() {
    }

    /**
     * A JPEG of a soft diagonal gradient around {@code level} (0–255): dark for a plain rendering of a near-dark
     * RAW file, bright for an enhanced result.
     */
    public static byte[] jpeg(int width, int height, int level) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int v = Math.max(0, Math.min(255, level + (x + y) % 16 - 8));
                image.setRGB(x, y, (v << 16) | (v << 8) | Math.min(255, v + 10));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "jpg", out)) {
                throw new IllegalStateException("no JPEG writer in this JVM");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
