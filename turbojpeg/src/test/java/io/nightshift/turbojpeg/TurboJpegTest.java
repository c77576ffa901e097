package io.nightshift.turbojpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The real libjpeg-turbo through the binding; the JDK's decoder reads what it writes. */
class TurboJpegTest {

    @Test
    void compressesWhatTheJdkDecodesCloseToTheSource() throws IOException {
        int w = 301;
        int h = 203; // odd: partial MCUs at both edges
        byte[] rgb = scene(w, h, 7);
        byte[] jpeg = TurboJpeg.compress(rgb, 0, w, h, 92, TurboJpeg.Subsampling.S420);
        assertEquals((byte) 0xFF, jpeg[0]);
        assertEquals((byte) 0xD8, jpeg[1]);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertEquals(w, back.getWidth());
        assertEquals(h, back.getHeight());
        double psnr = psnr(rgb, back);
        assertTrue(psnr > 32, "PSNR " + psnr);
        assertTrue(psnr < 60, "a lossy codec at quality 92 cannot be this exact: " + psnr);
    }

    @Test
    void qualityAndSubsamplingChangeTheResult() {
        int w = 128;
        int h = 96;
        byte[] rgb = scene(w, h, 3);
        int q50 = TurboJpeg.compress(rgb, 0, w, h, 50, TurboJpeg.Subsampling.S420).length;
        int q95 = TurboJpeg.compress(rgb, 0, w, h, 95, TurboJpeg.Subsampling.S420).length;
        int q95full = TurboJpeg.compress(rgb, 0, w, h, 95, TurboJpeg.Subsampling.S444).length;
        assertTrue(q50 < q95, q50 + " vs " + q95);
        assertTrue(q95 < q95full, q95 + " vs " + q95full);
    }

    @Test
    void anOffsetSelectsTheRows() throws IOException {
        int w = 16;
        int h = 16;
        byte[] rgb = new byte[3 * w * h * 2];
        for (int i = 3 * w * h; i < rgb.length; i += 3) {
            rgb[i] = (byte) 250; // the second image is red, the first black
        }
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(
                TurboJpeg.compress(rgb, 3 * w * h, w, h, 90, TurboJpeg.Subsampling.S444)));
        int p = back.getRGB(8, 8);
        assertTrue((p >> 16 & 0xFF) > 230 && (p >> 8 & 0xFF) < 25, Integer.toHexString(p));
    }

    @Test
    void refusesBadArgumentsBeforeCallingIn() {
        byte[] rgb = new byte[3 * 4 * 4];
        assertThrows(IllegalArgumentException.class, () -> TurboJpeg.compress(rgb, 0, 4, 4, 0, TurboJpeg.Subsampling.S420));
        assertThrows(IllegalArgumentException.class, () -> TurboJpeg.compress(rgb, 0, 4, 4, 101, TurboJpeg.Subsampling.S420));
        assertThrows(IllegalArgumentException.class, () -> TurboJpeg.compress(rgb, 0, 4, 5, 90, TurboJpeg.Subsampling.S420));
        assertThrows(IllegalArgumentException.class, () -> TurboJpeg.compress(rgb, 3, 4, 4, 90, TurboJpeg.Subsampling.S420));
        assertThrows(IllegalArgumentException.class, () -> TurboJpeg.compress(rgb, 0, 0, 4, 90, TurboJpeg.Subsampling.S420));
    }

    /** Smooth gradients, a hard edge and some noise. */
    static byte[] scene(int w, int h, long seed) {
        Random random = new Random(seed);
        byte[] rgb = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = 3 * (y * w + x);
                int edge = x > w / 2 ? 60 : 0;
                rgb[i] = (byte) Math.min(255, 255 * x / w + edge / 2);
                rgb[i + 1] = (byte) Math.min(255, 255 * y / h + random.nextInt(9));
                rgb[i + 2] = (byte) Math.min(255, 128 + edge + random.nextInt(5));
            }
        }
        return rgb;
    }

    static double psnr(byte[] rgb, BufferedImage image) {
        double sum = 0;
        int w = image.getWidth();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                int p = image.getRGB(x, y);
                int i = 3 * (y * w + x);
                for (int c = 0; c < 3; c++) {
                    double d = (rgb[i + c] & 0xFF) - (p >> (16 - 8 * c) & 0xFF);
                    sum += d * d;
                }
            }
        }
        double mse = sum / rgb.length;
        return 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
