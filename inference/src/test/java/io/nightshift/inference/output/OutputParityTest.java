package io.nightshift.inference.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.post.Orientation;
import io.nightshift.contract.post.PostProcessor;
import io.nightshift.inference.pipeline.FrameInputs;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.raw.CfaLayout;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.dng.DngFrame;
import io.nightshift.raw.dng.DngWriter;
import io.nightshift.raw.pack.PackedRaw;
import io.nightshift.raw.pack.SidPacker;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Today's outputs against the outputs before issue 20 ({@link LegacyOutput}: the exact post-processing in double
 * precision, ImageIO for every format, Java2D previews), on frames of every CFA layout (each packs with its own crop,
 * so the visible frame lies differently on the network output) turned by every orientation: the 16-bit files within
 * 1/255, the JPEG at the same quality ≥ 45 dB against the old JPEG (both decoded), the previews ≥ 30 dB against
 * the old ones (resampled differently: a box average where Java2D halved bilinearly; a wrong turn or colour gives
 * under 20).
 */
class OutputParityTest {

    private static final int W = 301;
    private static final int H = 203;
    private static final OutputMetadata META = new OutputMetadata("Sony", "ILCE-7SM2", 1 / 30.0, 3200,
            Optional.of(Instant.parse("2024-01-02T03:04:05Z")), "set-2026-12-05", 120, "estimated");

    @Test
    void everyLayoutAndOrientationEncodesAsBefore() throws IOException {
        double worstJpegDb = Double.POSITIVE_INFINITY;
        double worstPreviewDb = Double.POSITIVE_INFINITY;
        int worstPng = 0;
        int worstTiff = 0;
        int cases = 0;
        for (CfaLayout layout : CfaLayout.values()) {
            DecodedRaw raw = decode(layout);
            PackedRaw packed = SidPacker.pack(raw);
            PlanarImage rgb = networkOutput(2 * packed.height(), 2 * packed.width(), layout.ordinal());
            PostProcessor sensorOriented = FrameInputs.postProcessor(raw, packed);
            for (Orientation orientation : Orientation.values()) {
                PostProcessor post = new PostProcessor(sensorOriented.matrix(), orientation, sensorOriented.frame());
                PlanarImage before = LegacyOutput.post(post, rgb);
                String where = layout + " " + orientation;

                BufferedImage jpegNow = ImageIO.read(new ByteArrayInputStream(
                        ImageEncoder.jpeg(post.render8(rgb), META, 0.92f)));
                BufferedImage jpegThen = ImageIO.read(new ByteArrayInputStream(
                        LegacyOutput.encode(before, OutputFormat.JPEG, META, 0.92f)));
                assertEquals(jpegThen.getWidth(), jpegNow.getWidth(), where);
                assertEquals(jpegThen.getHeight(), jpegNow.getHeight(), where);
                double db = psnr8(jpegNow, jpegThen);
                assertTrue(db >= 45, where + ": JPEG " + db + " dB against the old one");
                worstJpegDb = Math.min(worstJpegDb, db);

                var display16 = post.render16(rgb);
                int png = maxDifference16(
                        ImageIO.read(new ByteArrayInputStream(ImageEncoder.encode(display16, OutputFormat.PNG16, META))),
                        ImageIO.read(new ByteArrayInputStream(LegacyOutput.encode(before, OutputFormat.PNG16, META))));
                int tiff = maxDifference16(
                        ImageIO.read(new ByteArrayInputStream(ImageEncoder.encode(display16, OutputFormat.TIFF16, META))),
                        ImageIO.read(new ByteArrayInputStream(LegacyOutput.encode(before, OutputFormat.TIFF16, META))));
                assertTrue(png <= 257, where + ": PNG16 differs by " + png + " of 65535");
                assertTrue(tiff <= 257, where + ": TIFF16 differs by " + tiff + " of 65535");
                worstPng = Math.max(worstPng, png);
                worstTiff = Math.max(worstTiff, tiff);

                BufferedImage previewNow = ImageIO.read(new ByteArrayInputStream(Previews.jpeg(post.render8(rgb), 128)));
                BufferedImage previewThen = ImageIO.read(new ByteArrayInputStream(LegacyOutput.preview(before, 128)));
                assertEquals(previewThen.getWidth(), previewNow.getWidth(), where);
                assertEquals(previewThen.getHeight(), previewNow.getHeight(), where);
                double previewDb = psnr8(previewNow, previewThen);
                assertTrue(previewDb >= 30, where + ": preview " + previewDb + " dB against the old one");
                worstPreviewDb = Math.min(worstPreviewDb, previewDb);
                // a PNG16 or TIFF16 job's result preview comes from the 16-bit rendering: the same picture
                BufferedImage preview16 = ImageIO.read(new ByteArrayInputStream(Previews.jpeg(display16, 128)));
                double sameDb = psnr8(preview16, previewNow);
                assertTrue(sameDb >= 40, where + ": 16-bit preview " + sameDb + " dB against the 8-bit one");
                cases++;
            }
        }
        assertEquals(32, cases);
        // the table-driven curve rounds a few samples the other way: never more than a 16-bit level or two
        assertTrue(worstPng <= 2 && worstTiff <= 2, "16-bit differences " + worstPng + " / " + worstTiff);
        System.out.printf("worst over 32 cases: JPEG %.1f dB, preview %.1f dB, PNG16 %d, TIFF16 %d of 65535%n",
                worstJpegDb, worstPreviewDb, worstPng, worstTiff);
    }

    private static DecodedRaw decode(CfaLayout layout) {
        SplittableRandom random = new SplittableRandom(61);
        short[] samples = new short[W * H];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (512 + 40 + (i % W) / 3 + random.nextInt(30));
        }
        byte[] dng = DngWriter.write(DngFrame.sonyLike(W, H).withLayout(layout), new BayerPlane(W, H, samples));
        try (RawDecoder decoder = new RawDecoder()) {
            return decoder.decode(dng);
        }
    }

    /** A network output: smooth colour gradients, edges, noise, values below 0 and above 1. */
    private static PlanarImage networkOutput(int h, int w, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PlanarImage rgb = PlanarImage.zeros(3, h, w);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = (x + (c + 1) * y) / (double) (w + 3 * h);
                    if ((x / 40 + y / 30) % 3 == c) {
                        v = 0.8 * v + 0.3; // blocks with hard edges
                    }
                    rgb.set(c, y, x, (float) (v * v * 1.15 - 0.04 + random.nextDouble(-0.01, 0.01)));
                }
            }
        }
        return rgb;
    }

    private static double psnr8(BufferedImage a, BufferedImage b) {
        double sum = 0;
        long n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    double d = (p >> shift & 0xFF) - (q >> shift & 0xFF);
                    sum += d * d;
                    n++;
                }
            }
        }
        return sum == 0 ? 99 : 10 * Math.log10(255.0 * 255.0 * n / sum);
    }

    private static int maxDifference16(BufferedImage a, BufferedImage b) {
        Raster ra = a.getRaster();
        Raster rb = b.getRaster();
        assertEquals(rb.getWidth(), ra.getWidth());
        assertEquals(rb.getHeight(), ra.getHeight());
        assertEquals(16, a.getColorModel().getComponentSize(0));
        int worst = 0;
        for (int y = 0; y < ra.getHeight(); y++) {
            for (int x = 0; x < ra.getWidth(); x++) {
                for (int c = 0; c < 3; c++) {
                    worst = Math.max(worst, Math.abs(ra.getSample(x, y, c) - rb.getSample(x, y, c)));
                }
            }
        }
        return worst;
    }
}
