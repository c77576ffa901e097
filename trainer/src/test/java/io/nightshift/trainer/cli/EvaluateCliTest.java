package io.nightshift.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.registry.RandomModelSet;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.trainer.data.WholeFrames;
import io.nightshift.trainer.eval.OracleRatio;
import io.nightshift.trainer.eval.Percentiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluation v3 end to end on a small set it generates itself from given photographs, with small whole frames and a
 * random-weight model set run through the worker's code: the last line carries every key issue 22 asks for, each
 * headline interval holds its figure, the classical baselines score like real renderings, the set is reused when
 * its manifest matches, held-out runs are counted, and {@code --update-manifest} writes the figures.
 */
class EvaluateCliTest {

    /** Issue 22's keys of {@code ./nightshift evaluate --json}. */
    static final List<String> ISSUE_KEYS = List.of("psnr_gain_db", "psnr_gain_ci_low_db", "psnr_gain_ci_high_db",
            "psnr_gain_denoised_baseline_db", "psnr_gain_low_ratio_db", "ssim", "psnr_exposure_compensated_db",
            "ratio_median_stops", "ratio_p90_stops", "ratio_whole_frame_median_stops", "ratio_whole_frame_p90_stops",
            "estimated_ratio_psnr_loss_db", "scenes", "whole_frame_items");

    @TempDir
    Path dir;
    /** Three smooth random photographs, the split's scenes (and the training-split sources of the first test). */
    Path sources;
    List<Path> photos;
    /** A random-weight model set. */
    Path models;

    @BeforeEach
    void photographsAndModels() throws Exception {
        sources = dir.resolve("photos");
        photos = photos(sources);
        models = dir.resolve("models");
        RandomModelSet.write(models, 4, "test");
    }

    @Test
    void evaluatesHeldOutV3WithIntervalsWholeFramesAndEveryKey() throws Exception {
        Path set = dir.resolve("heldout");
        Path log = dir.resolve("runs.jsonl");

        String text = evaluate(models, set, photos, sources, log, false);
        assertTrue(text.contains("generating it into"), text);
        assertTrue(text.contains(" 4/4 whole03"), "progress lines: " + text);
        JsonNode first = last(text);
        for (String k : ISSUE_KEYS) {
            assertTrue(first.has(k) && first.get(k).isNumber(), k + " in " + first);
        }
        assertEquals(3, first.get("scenes").asInt());
        assertEquals(36, first.get("items").asInt());
        assertEquals(4, first.get("whole_frame_items").asInt());
        assertEquals("heldout", first.get("split").asText());
        double gain = first.get("psnr_gain_db").asDouble();
        assertTrue(first.get("psnr_gain_ci_low_db").asDouble() <= gain && gain <= first.get("psnr_gain_ci_high_db").asDouble(),
                first.toString());
        first.get("ci95").fields().forEachRemaining(e -> {
            double v = first.get(e.getKey()).asDouble();
            assertTrue(e.getValue().get(0).asDouble() - 1e-3 <= v && v <= e.getValue().get(1).asDouble() + 1e-3,
                    e.getKey() + ": " + v + " outside " + e.getValue());
        });
        for (String band : EvaluateCli.BANDS) {
            JsonNode b = first.get("bands").get(band);
            assertEquals(12, b.get("items").asInt(), band);
            // LibRaw's rendering of a clean-ish frame at the true gain is a real image: well above a random network
            assertTrue(b.get("psnr_classical_db").asDouble() > 15, band + ": " + b);
            assertTrue(b.get("psnr_denoised_classical_db").asDouble() > 15, band + ": " + b);
        }
        // the best single gain can only help: exposure-compensated ≥ plain PSNR with the estimated ratio
        assertTrue(first.get("psnr_exposure_compensated_db").asDouble()
                >= first.get("psnr_estimated_ratio_db").asDouble() - 1e-3, first.toString());
        assertEquals(1, first.get("heldout_evaluations").asInt());

        // a second run reuses the set (no generation line), is counted, and writes its figures into the manifest
        String again = evaluate(models, set, photos, sources, log, true);
        assertTrue(!again.contains("generating"), again);
        JsonNode second = last(again);
        assertEquals(2, second.get("heldout_evaluations").asInt());
        assertEquals(2, Files.readAllLines(log).size());
        ModelSetManifest manifest = ProtocolJson.readModelSet(Files.readAllBytes(models.resolve("manifest.json")));
        assertEquals(second.get("psnr_gain_db").asDouble(), manifest.metrics().get("psnr_gain_db"), 1e-9);
        // no --oracle: the oracle's figures are there, and null
        assertTrue(second.has("oracle_ratio_psnr_loss_db") && second.get("oracle_ratio_psnr_loss_db").isNull(),
                second.toString());
    }

    /**
     * With {@code --oracle}, each whole frame also runs at the ratio the oracle CNN reads from that frame's clean thumb
     * (recomputed here from the same frames), and the JSON's oracle figures are the medians over those frames; they
     * are not written into the set's manifest, and an oracle where no whole frame would run is refused.
     */
    @Test
    void theOracleRunsEachWholeFrameAtTheRatioOfItsCleanThumb() throws Exception {
        Path oracle = dir.resolve("oracle.onnx");
        Files.write(oracle, RandomModelSet.ratioEstimator(9));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EvaluateCli.Options o = new EvaluateCli.Options(models, EvaluateCli.Split.HELDOUT, dir.resolve("heldout"),
                photos, List.of(), true, true, false, 7, 32, 0, 4, 40, 64, new double[0], null, List.of(oracle));
        assertEquals(0, EvaluateCli.run(o, new PrintStream(out, true, StandardCharsets.UTF_8)));
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        JsonNode json = last(text);

        Pattern frame = Pattern.compile("whole frame +(\\d+)/4 .* net +(-?[\\d.]+) dB, estimated ratio +(-?[\\d.]+) dB, "
                + "compensated +[\\d.]+ dB, oracle's ratio (-?[\\d.]+) +(-?[\\d.]+) dB");
        Matcher m = frame.matcher(text);
        WholeFrames frames = new WholeFrames(photos, WholeFrames.DEFAULT_SEED, 4, 40, 64);
        double[] loss = new double[4];
        double[] below = new double[4];
        double[] stops = new double[4];
        java.util.Set<Double> ratios = new java.util.HashSet<>();
        int n = 0;
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu().withSpinWait(false));
                OracleRatio expected = OracleRatio.load(engine, List.of(oracle))) {
            while (m.find()) {
                WholeFrames.Item item = frames.item(Integer.parseInt(m.group(1)) - 1);
                double ratio = expected.ratio(item.frame().target(), item.ratio());
                assertEquals(ratio, Double.parseDouble(m.group(4)), 0.006, "frame " + m.group(1) + ": " + m.group());
                // the check above tells frames apart only where the oracle's ratios differ and are not clamped
                assertTrue(ratio > 1 && ratio < 300 && ratios.add(ratio), "frame " + m.group(1) + ": " + ratio);
                stops[n] = Math.abs(Math.log(ratio / item.ratio()) / Math.log(2));
                loss[n] = Double.parseDouble(m.group(2)) - Double.parseDouble(m.group(5));
                below[n] = Double.parseDouble(m.group(5)) - Double.parseDouble(m.group(3));
                n++;
            }
        }
        assertEquals(4, n, "a progress line with the oracle's ratio for each whole frame: " + text);
        // from the printed (rounded to 0.01 dB) figures
        assertEquals(Percentiles.of(loss, 0.5), json.get("oracle_ratio_psnr_loss_db").asDouble(), 0.011, json.toString());
        assertEquals(Percentiles.of(below, 0.5), json.get("psnr_estimated_below_oracle_db").asDouble(), 0.011,
                json.toString());
        assertEquals(Percentiles.of(stops, 0.5), json.get("ratio_whole_frame_oracle_median_stops").asDouble(), 1e-3,
                json.toString());
        assertEquals(oracle.toString(), json.get("oracle").get(0).asText());
        // no training-split sources given: those figures are null, not a failed run
        assertTrue(json.get("seen_scenes_ratio_median_stops").isNull(), json.toString());
        Map<String, Double> metrics = ProtocolJson.readModelSet(Files.readAllBytes(models.resolve("manifest.json")))
                .metrics();
        assertEquals(json.get("psnr_gain_db").asDouble(), metrics.get("psnr_gain_db"), 1e-9);
        assertTrue(!metrics.containsKey("oracle_ratio_psnr_loss_db"), "the oracle's figures stay out: " + metrics);

        for (int wholeFrames : new int[] {0, 4}) {
            EvaluateCli.Options none = new EvaluateCli.Options(models, EvaluateCli.Split.HELDOUT,
                    dir.resolve("heldout"), photos, List.of(), true, false, false, 7, 32, 0, wholeFrames, 40, 64,
                    wholeFrames == 0 ? new double[0] : new double[] {800}, null, List.of(oracle));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EvaluateCli.run(none, new PrintStream(new ByteArrayOutputStream(), true,
                            StandardCharsets.UTF_8)));
            assertTrue(e.getMessage().contains(wholeFrames == 0 ? "add --whole-frames N" : "--tune-denoise runs none"),
                    e.getMessage());
        }
    }

    private static String evaluate(Path models, Path set, List<Path> photos, Path sources, Path log, boolean update)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EvaluateCli.Options o = new EvaluateCli.Options(models, EvaluateCli.Split.HELDOUT, set, photos, List.of(sources),
                true, update, false, 7, 32, 0, 4, 40, 64, new double[0], log, List.of());
        int status = EvaluateCli.run(o, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertEquals(0, status, text);
        return text;
    }

    private static JsonNode last(String text) throws Exception {
        String[] lines = text.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    /** Three of {@link #photo}'s photographs in {@code folder}. */
    private static List<Path> photos(Path folder) throws Exception {
        List<Path> photos = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            photos.add(photo(folder.resolve("p" + i + ".png"), i));
        }
        return photos;
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
