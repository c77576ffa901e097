package io.nightshift.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.registry.ModelSetFolder;
import io.nightshift.inference.registry.RandomModelSet;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.trainer.data.SourceSplit;
import io.nightshift.trainer.train.Checkpoint;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code TrainCli --enhancer-from}: a real (tiny) ratio-CNN training beside a kept U-Net gives a complete set that the
 * worker's registry loads, with the U-Net's bytes, figures and provenance carried over; {@code --enhancer-start}: a
 * tiny U-Net run starts where another run's checkpoint was; the options that cannot work are refused before any
 * training, by name.
 */
class TrainCliTest {

    @TempDir
    Path dir;

    @Test
    void retrainsTheRatioCnnBesideAKeptUNet() throws Exception {
        Path photos = photos(dir.resolve("photos"), 6);
        Path kept = dir.resolve("kept");
        byte[] enhancer = RandomModelSet.enhancer(11);
        byte[] oldRatio = RandomModelSet.ratioEstimator(11);
        ModelSetFolder.write(kept, "old.1", enhancer, oldRatio,
                Map.of("train_val_psnr_db", 27.5, "enhancer_steps", 14253.0, "enhancer_minutes", 73.8,
                        "ratio_median_stops", 0.9),
                "U-Net data", "nightshift train --set-version old.1");
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.write(out.resolve("enhancer.fp16.onnx"), new byte[] {9}); // another U-Net's, to be removed

        Map<String, String> a = options(photos, out, kept);
        TrainCli.run(a, "nightshift train --enhancer-from " + kept);

        ModelSetManifest m = ProtocolJson.readModelSet(Files.readAllBytes(out.resolve("manifest.json")));
        assertEquals("new.1", m.setVersion());
        assertArrayEquals(enhancer, Files.readAllBytes(out.resolve(ModelSetFolder.ENHANCER_FILE)));
        assertFalse(java.util.Arrays.equals(oldRatio, Files.readAllBytes(out.resolve(ModelSetFolder.RATIO_FILE))));
        assertFalse(Files.exists(out.resolve("enhancer.fp16.onnx")), "a stale FP16 U-Net is not left beside another");
        assertEquals(null, m.enhancerInt8(), "photographs too small to calibrate on: no INT8 enhancer");
        assertEquals(27.5, m.metrics().get("train_val_psnr_db"));
        assertEquals(14253.0, m.metrics().get("enhancer_steps"));
        assertEquals(4.0, m.metrics().get("ratio_steps"));
        assertEquals(m.metrics().get("ratio_minutes") + 73.8, m.metrics().get("training_minutes"), 1e-9);
        assertFalse(m.metrics().containsKey("ratio_median_stops"), "the old set's evaluation is not carried over");
        assertTrue(m.data().startsWith("ratio CNN: synthetic: ") && m.data().endsWith("U-Net kept from set old.1 (U-Net data)"),
                m.data());
        assertTrue(m.command().endsWith("(U-Net kept from set old.1: nightshift train --set-version old.1)"), m.command());

        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu().withSpinWait(false));
                ModelRegistry registry = new ModelRegistry(engine)) {
            assertEquals("new.1", registry.loadFolder(out).setVersion());
        }
    }

    @Test
    void startsTheUNetFromAnotherRunsCheckpoint() throws Exception {
        Path photos = photos(dir.resolve("photos"), 6);
        Map<String, String> first = tinyUNetRun(photos, "a");
        String firstLog = captured(first);
        double firstBest = ProtocolJson.readModelSet(Files.readAllBytes(dir.resolve("out-a/manifest.json")))
                .metrics().get("train_val_psnr_db");
        assertTrue(Math.abs(startScore(firstLog) - firstBest) > 0.05,
                "the first run learned something to carry over: " + startScore(firstLog) + " → " + firstBest);

        Map<String, String> second = tinyUNetRun(photos, "b");
        Path checkpoint = dir.resolve("work-a/enhancer.best.params");
        second.put("--enhancer-start", checkpoint.toString());
        String secondLog = captured(second);
        assertTrue(secondLog.contains("[enhancer] initial weights from " + checkpoint), secondLog);
        // the same validation patches (same seed and patch size): the new run starts where the first one's best was
        assertEquals(firstBest, startScore(secondLog), 0.006);

        // the average of both runs' best checkpoints, exported without a training step
        Map<String, String> soup = tinyUNetRun(photos, "soup");
        Path secondBest = dir.resolve("work-b/enhancer.best.params");
        soup.put("--enhancer-start", checkpoint + "," + secondBest);
        soup.put("--enhancer-steps", "0");
        String soupLog = captured(soup);
        Path averaged = dir.resolve("work-soup/enhancer.start.params");
        assertTrue(soupLog.contains("[enhancer] averaged 2 checkpoints into " + averaged), soupLog);
        assertTrue(soupLog.contains("[enhancer] initial weights from " + averaged), soupLog);
        assertTrue(soupLog.contains("[enhancer] done (steps) after 0 steps"), soupLog);
        Checkpoint mean = Checkpoint.average(List.of(checkpoint, secondBest));
        assertArrayEquals(mean.values().get(0), Checkpoint.read(averaged).values().get(0));
        assertFalse(Arrays.equals(Checkpoint.read(checkpoint).values().get(0), mean.values().get(0)),
                "the second run moved the weights, so the average is neither checkpoint");
        ModelSetManifest soupSet = ProtocolJson.readModelSet(Files.readAllBytes(dir.resolve("out-soup/manifest.json")));
        // the exported U-Net is the validated start: its score is the start's, with no step taken
        assertEquals(startScore(soupLog), soupSet.metrics().get("train_val_psnr_db"), 0.006);
        assertEquals(0.0, soupSet.metrics().get("enhancer_steps"));
        assertTrue(Files.size(dir.resolve("out-soup/enhancer.onnx")) > 0);

        // a checkpoint of another architecture is refused by name
        Map<String, String> other = tinyUNetRun(photos, "c");
        other.put("--bn-base", "8");
        other.put("--enhancer-start", checkpoint.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> captured(other));
        assertTrue(e.getMessage().startsWith("--enhancer-start: ") && e.getMessage().contains("the network has"),
                e.getMessage());
    }

    @Test
    void refusesBadOptionsBeforeTraining() throws Exception {
        Path photos = photos(dir.resolve("photos"), 2);
        Path out = dir.resolve("out");
        Map<String, String> only = options(photos, out, dir.resolve("kept"));
        only.put("--only", "ratio");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainCli.run(only, "t"));
        assertTrue(e.getMessage().contains("--only ratio"), e.getMessage());

        for (String bad : List.of("1.5", "-0.1", "lots")) {
            Map<String, String> a = options(photos, out, null);
            a.put("--ratio-saturation", bad);
            e = assertThrows(IllegalArgumentException.class, () -> TrainCli.run(a, "t"));
            assertTrue(e.getMessage().startsWith("--ratio-saturation must be"), e.getMessage());
        }
        Map<String, String> focus = options(photos, out, null);
        focus.put("--ratio-focus", "2");
        e = assertThrows(IllegalArgumentException.class, () -> TrainCli.run(focus, "t"));
        assertTrue(e.getMessage().startsWith("--ratio-focus must be"), e.getMessage());

        // an extra entry inside a source folder would bypass the one-source-per-picture grouping
        Map<String, String> inside = options(photos, out, null);
        inside.put("--extra-photos", photos.resolve("p0.png").toString());
        e = assertThrows(IllegalArgumentException.class, () -> TrainCli.run(inside, "t"));
        assertTrue(e.getMessage().contains("inside the source folder"), e.getMessage());

        Map<String, String> missing = options(photos, out, null);
        missing.put("--enhancer-start", dir.resolve("none.params").toString());
        e = assertThrows(IllegalArgumentException.class, () -> TrainCli.run(missing, "t"));
        assertTrue(e.getMessage().startsWith("--enhancer-start: no checkpoint at"), e.getMessage());
        Map<String, String> ratioOnly = options(photos, out, null);
        ratioOnly.put("--enhancer-start", photos.resolve("p0.png").toString());
        ratioOnly.put("--only", "ratio");
        e = assertThrows(IllegalArgumentException.class, () -> TrainCli.run(ratioOnly, "t"));
        assertTrue(e.getMessage().contains("--only ratio cannot go with it"), e.getMessage());
        assertFalse(Files.exists(out.resolve("manifest.json")));
    }

    /** A whole TrainCli run with a tiny U-Net (4 → 64 channels, 32² patches, 200 steps) in folders named by {@code tag}. */
    private Map<String, String> tinyUNetRun(Path photos, String tag) {
        Map<String, String> a = options(photos, dir.resolve("out-" + tag), null);
        a.put("--work", dir.resolve("work-" + tag).toString());
        a.put("--bn-base", "4");
        a.put("--patch", "32");
        a.put("--batch", "2");
        a.put("--enhancer-steps", "200");
        a.put("--lr", "3e-3");
        return a;
    }

    /** Runs TrainCli and returns what it printed (printed through as well). */
    private static String captured(Map<String, String> a) throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream into = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            System.setOut(into);
            TrainCli.run(a, "nightshift train (test)");
        } finally {
            System.setOut(console);
            console.print(log.toString(StandardCharsets.UTF_8));
        }
        return log.toString(StandardCharsets.UTF_8);
    }

    /** The U-Net's validation before its first step, from the training log. */
    private static double startScore(String log) {
        Matcher m = Pattern.compile("\\[enhancer\\] start: val (-?[0-9.]+) ").matcher(log);
        assertTrue(m.find(), log);
        return Double.parseDouble(m.group(1));
    }

    private Map<String, String> options(Path photos, Path out, Path kept) {
        Map<String, String> a = TrainCli.defaults();
        a.put("--out", out.toString());
        a.put("--work", dir.resolve("work").toString());
        a.put("--photos", photos.toString());
        a.put("--extra-photos", "none");
        a.put("--ratio-steps", "4");
        a.put("--ratio-batch", "4");
        a.put("--minutes", "5");
        a.put("--set-version", "new.1");
        if (kept != null) {
            a.put("--enhancer-from", kept.toString());
        }
        return a;
    }

    /** {@code n} noisy colour pictures, 300×260, at least one of them in the training split. */
    private static Path photos(Path folder, int n) throws Exception {
        Files.createDirectories(folder);
        SplittableRandom random = new SplittableRandom(3);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(300, 260, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 260; y++) {
                for (int x = 0; x < 300; x++) {
                    image.setRGB(x, y, (x * 255 / 300) << 16 | (y * 255 / 260) << 8 | random.nextInt(256));
                }
            }
            Path p = folder.resolve("p" + i + ".png");
            ImageIO.write(image, "png", p.toFile());
            files.add(p);
        }
        assertFalse(SourceSplit.DEFAULT.training(files).isEmpty(), "some pictures are in the training split");
        return folder;
    }
}
