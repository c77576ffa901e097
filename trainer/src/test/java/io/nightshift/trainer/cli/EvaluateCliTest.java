package io.nightshift.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.inference.registry.RandomModelSet;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.trainer.data.SourceSplit;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluation end to end on a small held-out set it generates itself (from held-out sources only), with a
 * random-weight model set run through the worker's code: the last line carries exactly the issue's keys, the
 * classical baseline scores like a real rendering, the set is reused when its manifest matches, and
 * {@code --update-manifest} writes the figures into the model set's manifest.
 */
class EvaluateCliTest {

    @TempDir
    Path dir;

    @Test
    void evaluatesEveryBandAndReportsTheIssuesKeys() throws Exception {
        Path sources = dir.resolve("photos");
        List<Path> photos = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            photos.add(photo(sources.resolve("p" + i + ".png"), i));
        }
        assertTrue(!SourceSplit.DEFAULT.heldOut(photos).isEmpty(), "some sources are held out");
        Path models = dir.resolve("models");
        RandomModelSet.write(models, 4, "test");
        Path set = dir.resolve("held-out");

        JsonNode first = evaluate(models, set, sources, false);
        List<String> keys = new ArrayList<>();
        first.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("psnr_net_db", "psnr_classical_db", "psnr_gain_db", "ssim_net", "ssim_classical",
                "ratio_median_stops", "ratio_p90_stops", "heuristic_median_stops", "heuristic_p90_stops",
                "psnr_estimated_ratio_db", "seen_scenes_ratio_median_stops", "seen_scenes_ratio_p90_stops",
                "seen_scenes_heuristic_median_stops", "seen_scenes_heuristic_p90_stops", "bands", "items", "model_set",
                "set", "seconds"), keys);
        assertEquals(12, first.get("items").asInt());
        for (String band : EvaluateCli.BANDS) {
            JsonNode b = first.get("bands").get(band);
            assertEquals(4, b.get("items").asInt(), band);
            // LibRaw's rendering of a clean-ish frame at the true gain is a real image: well above a random network
            assertTrue(b.get("psnr_classical_db").asDouble() > 15, band + ": " + b);
            assertEquals(b.get("psnr_net_db").asDouble() - b.get("psnr_classical_db").asDouble(),
                    b.get("psnr_gain_db").asDouble(), 0.011, band);
        }
        assertTrue(first.get("heuristic_median_stops").asDouble() >= 0);
        // the second look at ratio estimation, on the training-split scenes: real figures, p90 above the median
        for (String who : new String[] {"ratio", "heuristic"}) {
            double median = first.get("seen_scenes_" + who + "_median_stops").asDouble(-1);
            double p90 = first.get("seen_scenes_" + who + "_p90_stops").asDouble(-1);
            assertTrue(median >= 0 && p90 >= median && p90 < 10, who + ": " + median + ", " + p90);
        }

        // a second run reuses the set (no generation line) and writes its figures into the manifest
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = EvaluateCli.run(models, set, List.of(sources), true, true, false, 7, 32, 12,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        assertTrue(!text.contains("generating"), text);
        ModelSetManifest manifest = ProtocolJson.readModelSet(Files.readAllBytes(models.resolve("manifest.json")));
        assertEquals(first.get("psnr_classical_db").asDouble(), manifest.metrics().get("psnr_classical_db"), 1e-9);
    }

    private static JsonNode evaluate(Path models, Path set, Path sources, boolean update) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = EvaluateCli.run(models, set, List.of(sources), false, update, false, 7, 32, 12,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertEquals(0, status, text);
        assertTrue(text.contains("generating it into"), text);
        String[] lines = text.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    /** A smooth random photograph (gradients and blobs), 8-bit sRGB. */
    private static Path photo(Path file, long seed) throws Exception {
        Files.createDirectories(file.getParent());
        SplittableRandom r = new SplittableRandom(seed);
        int w = 90;
        int h = 80;
        double[] a = {r.nextDouble(), r.nextDouble(), r.nextDouble()};
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = 0.15 + 0.7 * (0.5 + 0.5 * Math.sin(a[c] * 6 + x * 0.07 * (c + 1) + y * 0.05));
                    rgb = (rgb << 8) | (int) Math.round(255 * v);
                }
                image.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
