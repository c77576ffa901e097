package io.nightshift.client.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.client.fleet.DispatcherClient;
import io.nightshift.client.fleet.FleetAddress;
import io.nightshift.client.store.ObjectStore;
import io.nightshift.client.testing.Captured;
import io.nightshift.client.testing.TestFleet;
import io.nightshift.stack.StackConfig;
import io.nightshift.stack.StackHome;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./nightshift process} on a photographer's folder, through a real local fleet (stack, worker, dispatcher):
 * nested folders, mixed-case extensions, a name with spaces and accents, a corrupt file, a name the key rules
 * refuse, a file that is not RAW, the output folder inside the input folder; reruns that skip what is done; and a
 * run stopped after its batch was accepted, which the next run follows instead of sending the files again.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ArchiveCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = StackHome.locate().shared().resolve("raw-samples");

    @TempDir
    Path dir;

    @Test
    void aNestedFolderComesBackMirroredWithFailuresExplainedAndRerunsSkipWhatIsDone() throws Exception {
        Path in = dir.resolve("archive");
        Path out = in.resolve("enhanced"); // inside the input: its DNG results must never come back as inputs
        Files.createDirectories(in.resolve("2024/Winter trip"));
        Files.createDirectories(in.resolve("notes"));
        Files.copy(SAMPLES.resolve("RAW_KODAK_DC50.KDC"), in.resolve("2024/Winter trip/Église à minuit.kdc"));
        Files.copy(SAMPLES.resolve("RAW_KODAK_DC50.KDC"), in.resolve("DC50.KdC"));
        byte[] garbage = new byte[32 * 1024];
        new Random(3).nextBytes(garbage);
        Files.write(in.resolve("2024/broken.NEF"), garbage);
        Files.write(in.resolve("2024/back\\slash.NEF"), garbage);
        Files.writeString(in.resolve("notes/readme.txt"), "not a RAW file");
        Map<String, String> env = TestFleet.shared();

        Result first = process(env, in, out, "--format", "dng");
        assertEquals(3, first.code, "some files failed" + first.log());
        assertEquals(4, first.summary.path("files").asInt(), first.log());
        assertEquals(3, first.summary.path("uploaded").asInt(), "the backslash name is refused before upload" + first.log());
        assertEquals(0, first.summary.path("skipped").asInt(), first.log());
        assertEquals(2, first.summary.path("done").asInt(), first.log());
        assertEquals(2, first.summary.path("failed").asInt(), first.log());
        for (Path result : List.of(out.resolve("2024/Winter trip/Église à minuit.kdc.dng"), out.resolve("DC50.KdC.dng"))) {
            assertTrue(Files.isRegularFile(result), result + first.log());
            String report = rawIdentify(result);
            assertTrue(report.contains("Raw colors: 3") && !report.contains("Filter pattern"),
                    "LibRaw reads a 3-colour linear DNG: " + report);
        }
        Map<String, JsonNode> failures = new HashMap<>();
        JSON.readTree(out.resolve("failures.json").toFile()).forEach(f -> failures.put(f.path("path").asText(), f));
        assertEquals("DECODE_FAILED", failures.get("2024/broken.NEF").path("errorClass").asText(), failures.toString());
        assertEquals("KEY_NOT_ALLOWED", failures.get("2024/back\\slash.NEF").path("errorClass").asText());
        assertTrue(failures.get("2024/back\\slash.NEF").path("reason").asText().contains("backslash"));
        assertTrue(first.out.contains("failed: 2024/broken.NEF: DECODE_FAILED: "), first.log());

        Result second = process(env, in, out, "--format", "dng");
        assertEquals(4, second.summary.path("files").asInt(), "the results inside the input are not inputs" + second.log());
        assertEquals(2, second.summary.path("skipped").asInt(), "the two done files are skipped" + second.log());
        assertEquals(1, second.summary.path("uploaded").asInt(), "only the corrupt file is tried again" + second.log());
        assertEquals(0, second.summary.path("done").asInt(), second.log());
        assertEquals(3, second.code, second.log());

        // without the bad files, nothing is left to do: no upload, no batch
        Files.delete(in.resolve("2024/broken.NEF"));
        Files.delete(in.resolve("2024/back\\slash.NEF"));
        Result third = process(env, in, out, "--format", "dng");
        assertEquals(0, third.code, third.log());
        assertEquals(2, third.summary.path("skipped").asInt(), third.log());
        assertEquals(0, third.summary.path("uploaded").asInt(), third.log());
        assertTrue(third.summary.path("batch").isNull(), third.log());

        // the same content with a new time is still done (by its SHA-256); another content of the same size is not
        Path kdc = in.resolve("DC50.KdC");
        DoneLedger ledger = DoneLedger.open(out);
        Files.setLastModifiedTime(kdc, FileTime.fromMillis(Files.getLastModifiedTime(kdc).toMillis() + 60_000));
        assertTrue(ledger.isDone(raw(in, out, "DC50.KdC"), "dng", null));
        assertFalse(ledger.isDone(raw(in, out, "DC50.KdC"), "jpeg", null), "another format is not done");
        assertFalse(ledger.isDone(raw(in, out, "DC50.KdC"), "dng", 50.0), "another ratio is not done");
        byte[] bytes = Files.readAllBytes(kdc);
        bytes[bytes.length - 1] ^= 1;
        FileTime time = Files.getLastModifiedTime(kdc);
        Files.write(kdc, bytes);
        Files.setLastModifiedTime(kdc, time);
        assertFalse(DoneLedger.open(out).isDone(raw(in, out, "DC50.KdC"), "dng", null), "a changed content is not done");
    }

    @Test
    void aRunStoppedAfterItsBatchWasAcceptedIsFollowedByTheNextRunNotSentAgain() throws Exception {
        Path in = dir.resolve("night");
        Path out = dir.resolve("night-enhanced");
        Files.createDirectories(in);
        for (String name : List.of("a.NEF", "b.NEF", "c.NEF")) {
            Files.copy(SAMPLES.resolve("RAW_NIKON_D1.NEF"), in.resolve(name));
        }
        Map<String, String> env = TestFleet.shared();
        FleetAddress address = FleetAddress.of(StackConfig.forLocalUse(Path.of(env.get("NIGHTSHIFT_STACK_DIR")), env),
                null, null, env);
        ArchiveRun.Settings settings = new ArchiveRun.Settings(in, out, "jpeg", null, false, "nightshift-raw",
                "nightshift-results", Duration.ofMinutes(5));
        try (ObjectStore store = new ObjectStore(address)) {
            Captured log = new Captured();
            CompletableFuture<ArchiveReport> stopped = new CompletableFuture<>();
            Thread run = new Thread(() -> {
                try {
                    stopped.complete(new ArchiveRun(settings, store, new DispatcherClient(address), () -> { },
                            log.stream()).run());
                } catch (Throwable e) {
                    stopped.completeExceptionally(e);
                }
            });
            run.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(out.resolve(PendingRun.FILE_NAME))) {
                assertTrue(System.nanoTime() < deadline && run.isAlive(), "no batch accepted: " + log.text());
                Thread.sleep(20);
            }
            run.interrupt(); // Ctrl-C right after the batch was accepted
            try {
                stopped.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException expected) {
                // interrupted while following
            }
            assertTrue(Files.exists(out.resolve(PendingRun.FILE_NAME)), "the stopped run leaves its batch: " + log.text());
        }

        Result next = process(env, in, out);
        assertEquals(0, next.code, next.log());
        assertTrue(next.err.contains("of an earlier run (3 files) to its end"), next.log());
        assertEquals(0, next.summary.path("uploaded").asInt(), "the earlier batch's files are not sent again" + next.log());
        assertEquals(3, next.summary.path("skipped").asInt(), next.log());
        assertTrue(next.summary.path("done").asInt() >= 1, "results of the earlier batch downloaded" + next.log());
        assertFalse(Files.exists(out.resolve(PendingRun.FILE_NAME)), "followed to its end: nothing pending");
        for (String name : List.of("a.NEF.jpg", "b.NEF.jpg", "c.NEF.jpg")) {
            BufferedImage image = ImageIO.read(out.resolve(name).toFile());
            assertNotNull(image, name + next.log());
        }
    }

    @Test
    void refusesAMissingInputFolderAHalfRemoteFleetAndRemoteKeysLeftToDefaults() {
        Result missing = process(Map.of(), dir.resolve("none"), dir);
        assertEquals(2, missing.code);
        assertTrue(missing.err.contains("no folder"), missing.err);
        Result half = process(Map.of(), dir, dir.resolve("o"), "--s3", "http://127.0.0.1:1");
        assertEquals(2, half.code);
        assertTrue(half.err.contains("both --dispatcher and --s3"), half.err);
        Result keys = process(Map.of(), dir, dir.resolve("o"), "--s3", "http://127.0.0.1:1", "--dispatcher",
                "http://127.0.0.1:2");
        assertEquals(2, keys.code);
        assertTrue(keys.err.contains("NIGHTSHIFT_S3_ACCESS_KEY"), keys.err);
    }

    /** Debian's raw-identify (LibRaw) on a file. */
    private static String rawIdentify(Path file) throws Exception {
        Process process = new ProcessBuilder("raw-identify", "-v", file.toString()).redirectErrorStream(true).start();
        String report = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), report);
        return report;
    }

    private static RawFile raw(Path in, Path out, String name) {
        return LocalArchive.scan(in, out).files().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    private record Result(int code, JsonNode summary, String out, String err) {
        String log() {
            return "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    private static Result process(Map<String, String> env, Path in, Path out, String... options) {
        Captured stdout = new Captured();
        Captured stderr = new Captured();
        String[] args = new String[options.length + 2];
        args[0] = in.toString();
        args[1] = out.toString();
        System.arraycopy(options, 0, args, 2, options.length);
        int code = new ArchiveCli(stdout.stream(), stderr.stream(), env).run(args);
        JsonNode summary;
        try {
            summary = code == 2 ? null : JSON.readTree(stdout.lastLine());
        } catch (Exception e) {
            throw new AssertionError("no JSON line: " + stdout.text() + stderr.text(), e);
        }
        return new Result(code, summary, stdout.text(), stderr.text());
    }
}
