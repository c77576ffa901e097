package io.nightshift.trainer.data;

import io.nightshift.contract.PlanarImage;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Reads an ordinary photograph (PNG 8 or 16 bits, JPEG, anything the JDK's ImageIO reads) as encoded
 * sRGB {@code [3, H, W]} in [0, 1]. Grey images are repeated on three channels; alpha is ignored.
 */
public final class PhotoReader {

    private PhotoReader() {
    }

    public static PlanarImage read(Path file) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) { // ImageIO's own message ("Can't read input file!") does not say which
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IOException("not an image ImageIO can read: " + file);
        }
        return toPlanar(image);
    }

    static PlanarImage toPlanar(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        PlanarImage out = PlanarImage.zeros(3, h, w);
        if (image.getColorModel() instanceof IndexColorModel) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = image.getRGB(x, y);
                    out.set(0, y, x, ((rgb >> 16) & 0xff) / 255f);
                    out.set(1, y, x, ((rgb >> 8) & 0xff) / 255f);
                    out.set(2, y, x, (rgb & 0xff) / 255f);
                }
            }
            return out;
        }
        // samples as stored (the file's encoded values); grey (1 or 2 bands) repeats band 0
        Raster raster = image.getRaster();
        int[] band = raster.getNumBands() < 3 ? new int[] {0, 0, 0} : new int[] {0, 1, 2};
        for (int c = 0; c < 3; c++) {
            float scale = 1f / ((1L << raster.getSampleModel().getSampleSize(band[c])) - 1);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out.set(c, y, x, raster.getSample(x, y, band[c]) * scale);
                }
            }
        }
        return out;
    }
}
