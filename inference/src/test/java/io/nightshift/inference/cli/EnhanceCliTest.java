package io.nightshift.inference.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.inference.output.ImageEncoder;
import io.nightshift.inference.registry.RandomModelSet;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.decode.RawDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The enhance command end to end on a real camera RAW from the shared samples, with a random-weight set. */
class EnhanceCliTest {

    private static final Path SAMPLES = Path.of(System.getProperty("nightshift.home", ".."))
            .resolve("../shared/raw-samples").normalize();
    private static final String SAMPLE = "RAW_KODAK_DC50.KDC";

    @TempDir
    static Path tmp;
    static Path models;

    record Run(int status, List<String> out, List<String> err) {
        String last() {
            return out.isEmpty() ? "" : out.get(out.size() - 1);
        }
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new EnhanceCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Run(status, out.toString(StandardCharsets.UTF_8).lines().toList(),
                err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @BeforeAll
    static void makeTestSet() throws IOException {
        models = tmp.resolve("models");
        Run run = cli("make-test-set", models.toString(), "--seed", "7");
        assertEquals(0, run.status(), run.err().toString());
        JsonNode json = new ObjectMapper().readTree(run.last());
        assertEquals(RandomModelSet.version(7), json.get("model_set").asText());
        assertTrue(json.get("random_weights").asBoolean());
        assertTrue(run.err().get(0).contains("RANDOM-WEIGHT"), run.err().toString());
    }

    private static Path sample() {
        if (!Files.isDirectory(SAMPLES)) {
            fail("RAW samples folder missing: " + SAMPLES + " (nightshift.home=" + System.getProperty("nightshift.home") + ")");
        }
        Path file = SAMPLES.resolve(SAMPLE);
        if (!Files.isRegularFile(file)) {
            fail("RAW sample missing: " + file);
        }
        return file;
    }

    @Test
    void enhancesARealRawToA16BitPngWithAnEstimatedRatio() throws IOException {
        Path in = sample();
        Path out = tmp.resolve("out/enhanced.png");
        Run run = cli("enhance", in.toString(), out.toString(), "--models", models.toString(),
                "--tile", "256", "--overlap", "64");
        assertEquals(0, run.status(), run.err().toString());
        JsonNode json = new ObjectMapper().readTree(run.last());
        assertEquals("estimated", json.get("ratio_source").asText());
        double ratio = json.get("ratio").asDouble();
        assertTrue(ratio >= 1 && ratio <= 300, "estimated ratio clamped to [1, 300]: " + ratio);
        assertEquals(RandomModelSet.version(7), json.get("model_set").asText());
        Set<String> stages = new TreeSet<>();
        json.get("ms").fieldNames().forEachRemaining(stages::add);
        assertEquals(new TreeSet<>(List.of("decode", "pack", "ratio", "infer", "post", "encode")), stages);

        DecodedRaw raw;
        try (RawDecoder decoder = new RawDecoder()) {
            raw = decoder.decode(Files.readAllBytes(in));
        }
        BufferedImage image = ImageIO.read(out.toFile());
        assertEquals(raw.width(), image.getWidth());
        assertEquals(raw.height(), image.getHeight());
        assertEquals(json.get("width").asInt(), image.getWidth());
        assertEquals(16, image.getColorModel().getComponentSize(0), "16-bit PNG");
        String text = new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
        assertTrue(text.contains(ImageEncoder.PNG_MODEL_SET) && text.contains(RandomModelSet.version(7)),
                "the model set is recorded in the PNG");
    }

    @Test
    void aGivenRatioOverridesTheEstimateAndJpegIsWritten() throws IOException {
        Path out = tmp.resolve("given.jpg");
        Run run = cli(sample().toString(), out.toString(), "--models", models.toString(), "--ratio", "8",
                "--tile", "512", "--overlap", "96");
        assertEquals(0, run.status(), run.err().toString());
        JsonNode json = new ObjectMapper().readTree(run.last());
        assertEquals("given", json.get("ratio_source").asText());
        assertEquals(8.0, json.get("ratio").asDouble());
        BufferedImage image = ImageIO.read(out.toFile());
        assertEquals(json.get("width").asInt(), image.getWidth());
        assertEquals(json.get("height").asInt(), image.getHeight());
        assertEquals(8, image.getColorModel().getComponentSize(0));
    }

    @Test
    void badInputGivesOneClearLineAndNoStackTrace() throws IOException {
        Path garbage = tmp.resolve("garbage.raw");
        Files.write(garbage, "this is not a raw file at all".repeat(100).getBytes(StandardCharsets.UTF_8));
        Path emptyModels = Files.createDirectories(tmp.resolve("no-models"));
        Path badModels = tmp.resolve("bad-models");
        RandomModelSet.write(badModels, 3, "test");
        Files.write(badModels.resolve("ratio.onnx"), new byte[] {1, 2, 3});

        String[][] bad = {
            {tmp.resolve("missing.raw").toString(), tmp.resolve("x.png").toString(), "--models", models.toString()},
            {garbage.toString(), tmp.resolve("x.png").toString(), "--models", models.toString()},
            {sample().toString(), tmp.resolve("x.png").toString(), "--models", emptyModels.toString()},
            {sample().toString(), tmp.resolve("x.png").toString(), "--models", badModels.toString()},
        };
        for (String[] args : bad) {
            Run run = cli(args);
            assertEquals(1, run.status(), String.join(" ", args) + " → " + run.err());
            assertEquals(1, run.err().size(), "one line: " + run.err());
            assertTrue(run.err().get(0).startsWith("error: "), run.err().get(0));
            assertFalse(run.err().get(0).contains("\tat "), run.err().get(0));
            assertTrue(run.out().isEmpty(), "no JSON on failure: " + run.out());
        }
        Run sha = cli(sample().toString(), tmp.resolve("x.png").toString(), "--models", badModels.toString());
        assertTrue(sha.err().get(0).contains("sha256"), sha.err().get(0));

        Run usage = cli(sample().toString(), tmp.resolve("x.bmp").toString(), "--models", models.toString());
        assertEquals(2, usage.status());
        assertTrue(usage.err().get(0).startsWith("error: OUT must end in"), usage.err().toString());
        assertEquals(2, cli(sample().toString(), tmp.resolve("x.png").toString(), "--tile", "100",
                "--models", models.toString()).status());
        assertEquals(2, cli(sample().toString()).status());
    }
}
