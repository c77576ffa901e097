package io.nightshift.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhotoPairGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void readsEightAndSixteenBitPngs() throws Exception {
        BufferedImage rgb = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(1, 0, 0x336699);
        Path p8 = dir.resolve("a.png");
        ImageIO.write(rgb, "png", p8.toFile());
        PlanarImage a = PhotoReader.read(p8);
        assertEquals(0x33 / 255f, a.get(0, 0, 1), 1e-6);
        assertEquals(0x66 / 255f, a.get(1, 0, 1), 1e-6);
        assertEquals(0x99 / 255f, a.get(2, 0, 1), 1e-6);

        BufferedImage grey16 = new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = grey16.getRaster();
        r.setSample(1, 1, 0, 40000);
        Path p16 = dir.resolve("b.png");
        ImageIO.write(grey16, "png", p16.toFile());
        PlanarImage b = PhotoReader.read(p16);
        for (int c = 0; c < 3; c++) {
            assertEquals(40000 / 65535f, b.get(c, 1, 1), 1e-6);
        }

        // a file that vanished, or is not a picture: the error names it
        for (Path bad : List.of(dir.resolve("gone.png"), Files.writeString(dir.resolve("c.png"), "text"))) {
            IOException e = assertThrows(IOException.class, () -> PhotoReader.read(bad));
            assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        }
    }

    @Test
    void enhancerSamplesFollowTheContract() {
        PhotoPairGenerator generator = PhotoPairGenerator.sid(16);
        PlanarImage photo = gradient(70, 90);
        SplittableRandom random = new SplittableRandom(4);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            EnhancerSample s = generator.enhancerSample(photo, random);
            assertEquals(4, s.input().channels());
            assertEquals(16, s.input().height());
            assertEquals(3, s.target().channels());
            assertEquals(32, s.target().width());
            for (float v : s.input().data()) {
                assertTrue(v >= 0 && v <= 1, "input clamped to [0, 1]");
            }
            assertTrue(s.ratio() >= 1 && s.ratio() <= 300);
            ratios.add(s.ratio());
            // brightness: the amplified dark input matches the target's level (mean over the patch)
            double in = mean(s.input());
            double target = mean(s.target());
            if (in < 0.9) {
                assertEquals(target, in, 0.15 * target + 0.02, "input level tracks the target at ratio " + s.ratio());
            }
        }
        assertTrue(ratios.stream().distinct().count() == ratios.size(), "ratios are drawn, not fixed");
    }

    @Test
    void ratioSamplesAreThumbsLabelledWithLog2Ratio() {
        RatioSample s = PhotoPairGenerator.sid(16).ratioSample(gradient(101, 130), new SplittableRandom(8));
        assertEquals(3, s.thumb().channels());
        assertEquals(64, s.thumb().height());
        assertTrue(s.log2Ratio() >= 0 && s.log2Ratio() <= Math.log(300) / Math.log(2) + 1e-9);
        // the thumb of a frame darkened by r is about (clean level)/r: brighter thumbs mean smaller ratios
        assertTrue(mean(s.thumb()) < 0.6 / Math.pow(2, s.log2Ratio()) + 0.01);
    }

    @Test
    void saturationJitterScalesRatioExamplesColourAboutLuma() {
        PlanarImage photo = gradient(101, 130);
        PlanarImage grey = PhotoPairGenerator.saturated(photo, 0);
        PlanarImage same = PhotoPairGenerator.saturated(photo, 1);
        PlanarImage strong = PhotoPairGenerator.saturated(photo, 2);
        for (int y = 0; y < 101; y += 10) {
            for (int x = 0; x < 130; x += 10) {
                double luma = 0.2126 * photo.get(0, y, x) + 0.7152 * photo.get(1, y, x) + 0.0722 * photo.get(2, y, x);
                for (int c = 0; c < 3; c++) {
                    assertEquals(luma, grey.get(c, y, x), 1e-6, "factor 0 leaves the luma in every channel");
                    assertEquals(photo.get(c, y, x), same.get(c, y, x), 1e-6, "factor 1 changes nothing");
                    assertEquals(Math.min(1, Math.max(0, 2 * photo.get(c, y, x) - luma)), strong.get(c, y, x), 1e-6);
                }
            }
        }
        // a ratio example with jitter is exactly the plain pipeline's example of the photograph saturated by the
        // factor it drew first (uniform in [1 − j, 1 + j]); enhancer examples are not jittered
        PhotoPairGenerator jittered = PhotoPairGenerator.sid(16).withSaturationJitter(1);
        RatioSample sample = jittered.ratioSample(photo, new SplittableRandom(8));
        SplittableRandom rest = new SplittableRandom(8);
        double factor = 1 + (2 * rest.nextDouble() - 1);
        assertTrue(Math.abs(factor - 1) > 0.05, "the test's draw changes the saturation: " + factor);
        RatioSample expected = PhotoPairGenerator.sid(16).ratioSample(PhotoPairGenerator.saturated(photo, factor), rest);
        assertArrayEquals(expected.thumb().data(), sample.thumb().data());
        assertEquals(expected.log2Ratio(), sample.log2Ratio());
        SplittableRandom unsaturated = new SplittableRandom(8);
        unsaturated.nextDouble();
        assertTrue(!Arrays.equals(PhotoPairGenerator.sid(16).ratioSample(photo, unsaturated).thumb().data(),
                sample.thumb().data()), "without the saturation the same draws give another thumb");
        assertArrayEquals(PhotoPairGenerator.sid(16).enhancerSample(photo, new SplittableRandom(9)).input().data(),
                jittered.enhancerSample(photo, new SplittableRandom(9)).input().data());
        assertThrows(IllegalArgumentException.class, () -> PhotoPairGenerator.sid(16).withSaturationJitter(1.5));
    }

    private static PlanarImage gradient(int h, int w) {
        PlanarImage p = PlanarImage.zeros(3, h, w);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    p.set(c, y, x, 0.2f + 0.5f * (x + y + 10 * c) / (h + w + 20));
                }
            }
        }
        return p;
    }

    private static double mean(PlanarImage p) {
        double s = 0;
        for (float v : p.data()) {
            s += v;
        }
        return s / p.data().length;
    }
}
