package io.nightshift.inference.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.inference.testing.DcrawEmu;
import io.nightshift.inference.testing.LevelDifferences;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key property of the linear DNG output: a real camera RAW enhanced by the committed default model set,
 * once as a 16-bit sRGB PNG and once as a DNG, and LibRaw's rendering of the DNG ({@code dcraw_emu}: camera
 * white balance, sRGB, no auto-brightness) matches the PNG pixel for pixel within a fraction of an 8-bit level.
 * The Nikon D1 sample: a real colour matrix, daylight white balance far from neutral (R × 2.67), and a BGGR
 * mosaic, so the visible frame is offset by a pixel on the network output.
 */
class EnhanceCliDngTest {

    private static final Path HOME = Path.of(System.getProperty("nightshift.home", ".."));
    private static final Path SAMPLE = HOME.resolve("../shared/raw-samples/RAW_NIKON_D1.NEF").normalize();
    private static final Path MODELS = HOME.resolve("models/default");

    @Test
    void libRawRendersTheDngAsTheSrgbOutput(@TempDir Path dir) throws Exception {
        if (!Files.isRegularFile(SAMPLE)) {
            fail("real RAW sample missing: " + SAMPLE + " (../shared/raw-samples must be beside the checkout)");
        }
        Path png = dir.resolve("d1.png");
        Path dng = dir.resolve("d1.dng");
        JsonNode pngRun = enhance(png);
        JsonNode dngRun = enhance(dng);
        assertEquals("png16", pngRun.get("format").asText());
        assertEquals("dng", dngRun.get("format").asText());
        assertEquals(pngRun.get("ratio").asDouble(), dngRun.get("ratio").asDouble(), "one ratio decision");
        assertEquals(pngRun.get("model_set").asText(), dngRun.get("model_set").asText());
        assertEquals(pngRun.get("width").asInt(), dngRun.get("width").asInt());
        assertEquals(pngRun.get("height").asInt(), dngRun.get("height").asInt());

        BufferedImage ours = ImageIO.read(png.toFile());
        Raster theirs = DcrawEmu.srgb(dng, dir);
        assertEquals(ours.getWidth(), theirs.getWidth());
        assertEquals(ours.getHeight(), theirs.getHeight());
        Raster srgb = ours.getRaster();
        LevelDifferences.Collector diff = new LevelDifferences.Collector(ours.getWidth() * ours.getHeight() * 3);
        int[] a = new int[3];
        int[] b = new int[3];
        long sum = 0;
        long clipped = 0;
        for (int y = 0; y < ours.getHeight(); y++) {
            for (int x = 0; x < ours.getWidth(); x++) {
                srgb.getPixel(x, y, a);
                theirs.getPixel(x, y, b);
                for (int c = 0; c < 3; c++) {
                    diff.add(a[c] / 65535.0, b[c] / 65535.0);
                    sum += a[c];
                    clipped += a[c] == 65535 ? 1 : 0;
                }
            }
        }
        LevelDifferences d = diff.result();
        double mean = sum / (3.0 * ours.getWidth() * ours.getHeight()) / 257;
        System.out.printf("Nikon D1, model set %s, ratio %s: DNG rendered by LibRaw vs sRGB PNG: %s (image mean %.1f"
                + " levels, %.2f %% clipped)%n", pngRun.get("model_set").asText(), pngRun.get("ratio").asText(), d,
                mean, 100.0 * clipped / d.values());
        assertTrue(mean > 20 && clipped < d.values() / 2, "a photograph, not a black or white frame: mean " + mean);
        assertTrue(d.mean() <= 0.1 && d.p99() <= 0.5 && d.max() <= 2, "DNG rendering against the PNG: " + d);
    }

    private static JsonNode enhance(Path out) throws Exception {
        EnhanceCliTest.Run run = EnhanceCliTest.cli(SAMPLE.toString(), out.toString(), "--models", MODELS.toString());
        assertEquals(0, run.status(), run.err().toString());
        return new ObjectMapper().readTree(run.last());
    }
}
