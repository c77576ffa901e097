package io.nightshift.client.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.client.testing.Captured;
import io.nightshift.client.testing.TestFleet;
import io.nightshift.stack.StackHome;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./nightshift process} on a photographer's folder, through a real local fleet (stack, worker, dispatcher):
 * nested folders, mixed-case extensions, a name with spaces and accents, a corrupt file, a name the key rules refuse,
 * a file that is not RAW; then a rerun that skips everything done.
 */
class ArchiveCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aNestedFolderComesBackMirroredWithFailuresExplainedAndARerunSkipsWhatIsDone() throws Exception {
        Path samples = StackHome.locate().shared().resolve("raw-samples");
        Path in = dir.resolve("archive");
        Path out = dir.resolve("enhanced");
        Files.createDirectories(in.resolve("2024/Winter trip"));
        Files.createDirectories(in.resolve("notes"));
        Files.copy(samples.resolve("RAW_KODAK_DC50.KDC"), in.resolve("2024/Winter trip/Église à minuit.kdc"));
        Files.copy(samples.resolve("RAW_KODAK_DC50.KDC"), in.resolve("DC50.KdC"));
        byte[] garbage = new byte[32 * 1024];
        new Random(3).nextBytes(garbage);
        Files.write(in.resolve("2024/broken.NEF"), garbage);
        Files.write(in.resolve("2024/back\\slash.NEF"), garbage);
        Files.writeString(in.resolve("notes/readme.txt"), "not a RAW file");
        Map<String, String> env = TestFleet.shared();

        Captured first = new Captured();
        Captured firstErr = new Captured();
        int code = new ArchiveCli(first.stream(), firstErr.stream(), env).run(new String[] {in.toString(),
                out.toString(), "--format", "jpeg"});
        String log = "\n--- stdout ---\n" + first.text() + "--- stderr ---\n" + firstErr.text();
        assertEquals(3, code, "some files failed" + log);
        JsonNode summary = JSON.readTree(first.lastLine());
        assertEquals(4, summary.path("files").asInt(), log);
        assertEquals(3, summary.path("uploaded").asInt(), "the backslash name is refused before upload" + log);
        assertEquals(0, summary.path("skipped").asInt(), log);
        assertEquals(2, summary.path("done").asInt(), log);
        assertEquals(2, summary.path("failed").asInt(), log);

        for (Path result : List.of(out.resolve("2024/Winter trip/Église à minuit.kdc.jpg"), out.resolve("DC50.KdC.jpg"))) {
            BufferedImage image = ImageIO.read(result.toFile());
            assertNotNull(image, result + " is the enhanced image" + log);
            assertEquals(768, image.getWidth(), result.toString());
        }
        Map<String, JsonNode> failures = new HashMap<>();
        JSON.readTree(out.resolve("failures.json").toFile()).forEach(f -> failures.put(f.path("path").asText(), f));
        assertEquals("DECODE_FAILED", failures.get("2024/broken.NEF").path("errorClass").asText(), failures.toString());
        assertEquals("KEY_NOT_ALLOWED", failures.get("2024/back\\slash.NEF").path("errorClass").asText());
        assertTrue(failures.get("2024/back\\slash.NEF").path("reason").asText().contains("backslash"));
        assertTrue(first.text().contains("failed: 2024/broken.NEF: DECODE_FAILED: "), log);

        Captured second = new Captured();
        Captured secondErr = new Captured();
        code = new ArchiveCli(second.stream(), secondErr.stream(), env).run(new String[] {in.toString(), out.toString()});
        log = "\n--- stdout ---\n" + second.text() + "--- stderr ---\n" + secondErr.text();
        JsonNode rerun = JSON.readTree(second.lastLine());
        assertEquals(2, rerun.path("skipped").asInt(), "the two done files are skipped" + log);
        assertEquals(1, rerun.path("uploaded").asInt(), "only the corrupt file is tried again" + log);
        assertEquals(0, rerun.path("done").asInt(), log);
        assertEquals(2, rerun.path("failed").asInt(), log);
        assertEquals(3, code, log);

        // a changed file is not done any more
        Files.write(in.resolve("DC50.KdC"), Files.readAllBytes(samples.resolve("RAW_KODAK_DC50.KDC")), java.nio.file.StandardOpenOption.APPEND);
        assertEquals(false, DoneLedger.open(out).isDone(LocalArchive.scan(in).stream()
                .filter(f -> f.name().equals("DC50.KdC")).findFirst().orElseThrow(), "jpeg"));
    }

    @Test
    void refusesAMissingInputFolderAndAHalfRemoteFleet() {
        Captured err = new Captured();
        assertEquals(2, new ArchiveCli(new Captured().stream(), err.stream(), Map.of())
                .run(new String[] {dir.resolve("none").toString(), dir.toString()}));
        assertTrue(err.text().contains("no folder"), err.text());
        Captured half = new Captured();
        assertEquals(2, new ArchiveCli(new Captured().stream(), half.stream(), Map.of())
                .run(new String[] {dir.toString(), dir.resolve("o").toString(), "--s3", "http://127.0.0.1:1"}));
        assertTrue(half.text().contains("both --dispatcher and --s3"), half.text());
    }
}
