package io.nightshift.client.deadletters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.client.fleet.BatchSpec;
import io.nightshift.client.fleet.BatchStatus;
import io.nightshift.client.fleet.DeadLetterInfo;
import io.nightshift.client.fleet.DispatcherClient;
import io.nightshift.client.fleet.FleetAddress;
import io.nightshift.client.store.ObjectStore;
import io.nightshift.client.store.StoreLocation;
import io.nightshift.client.testing.Captured;
import io.nightshift.client.testing.TestFleet;
import io.nightshift.stack.StackConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code ./nightshift dead-letters} against a real fleet: the real worker dead-letters a corrupt file, the real
 * dispatcher indexes it; the command lists and shows it, refuses to replay the poison class without
 * {@code --force}, and with it the worker tries (and dead-letters) attempt 2.
 */
class DeadLettersCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void listsShowsAndReplaysOnlyWithForceWhatTheRealWorkerDeadLettered() throws Exception {
        Map<String, String> env = TestFleet.shared();
        String prefix = "dead-letters-cli-" + System.nanoTime() + "/";
        FleetAddress address = FleetAddress.of(StackConfig.forLocalUse(Path.of(env.get("NIGHTSHIFT_STACK_DIR")), env),
                null, null, env);
        byte[] garbage = new byte[16 * 1024];
        new Random(11).nextBytes(garbage);
        try (ObjectStore store = new ObjectStore(address)) {
            store.put(garbage, new StoreLocation("nightshift-raw", prefix + "corrupt.NEF"), "application/octet-stream",
                    Map.of());
        }
        DispatcherClient dispatcher = new DispatcherClient(address);
        String batchId = dispatcher.submit(new BatchSpec("nightshift-raw", prefix, null, prefix + "out/", "jpeg", null,
                null, null)).batchId();
        BatchStatus failed = await(() -> dispatcher.batch(batchId), b -> b.failed() == 1, "the worker fails the job");
        assertEquals(0, failed.done());
        DeadLetterInfo letter = await(() -> dispatcher.deadLetters(batchId, null), l -> l.size() == 1,
                "the dispatcher indexes the dead letter").get(0);
        String jobId = letter.jobId();

        // list: the job, its class and the worker's reason; counts on the last line
        Captured listed = new Captured();
        assertEquals(0, cli(env, listed, "list", "--batch", batchId));
        assertTrue(listed.text().contains(jobId + "  DECODE_FAILED"), listed.text());
        assertTrue(listed.text().contains("nightshift-raw/" + prefix + "corrupt.NEF: "), listed.text());
        assertTrue(listed.text().contains("not replayable: DECODE_FAILED is a poison class"), listed.text());
        JsonNode counts = JSON.readTree(listed.lastLine());
        assertEquals(1, counts.path("deadLetters").asInt());
        assertEquals(0, counts.path("replayable").asInt());
        assertEquals(1, counts.path("byClass").path("DECODE_FAILED").asInt());
        Captured none = new Captured();
        assertEquals(0, cli(env, none, "list", "--batch", batchId, "--class", "INTERNAL"));
        assertEquals(0, JSON.readTree(none.lastLine()).path("deadLetters").asInt());

        // show: the original job
        Captured shown = new Captured();
        assertEquals(0, cli(env, shown, "show", jobId));
        assertTrue(shown.text().contains("error class DECODE_FAILED"), shown.text());
        assertTrue(shown.text().contains("output      nightshift-results/" + prefix + "out/corrupt.NEF.jpg (jpeg)"),
                shown.text());

        // replay: refused without --force, the job stays failed
        Captured refused = new Captured();
        assertEquals(0, cli(env, refused, "replay", jobId));
        assertTrue(refused.text().contains(jobId + "  skipped: DECODE_FAILED is a poison class"), refused.text());
        assertEquals("{\"requeued\":0,\"skipped\":1}", refused.lastLine());
        Captured byBatch = new Captured();
        assertEquals(0, cli(env, byBatch, "replay", "--batch", batchId));
        assertEquals("{\"requeued\":0,\"skipped\":1}", byBatch.lastLine());
        assertEquals(1, dispatcher.batch(batchId).failed());

        // forced: attempt 2 goes to the real worker, which dead-letters it again
        Captured forced = new Captured();
        assertEquals(0, cli(env, forced, "replay", jobId, "--force"));
        assertTrue(forced.text().contains(jobId + "  requeued as attempt 2"), forced.text());
        assertEquals("{\"requeued\":1,\"skipped\":0}", forced.lastLine());
        DeadLetterInfo second = await(() -> dispatcher.deadLetter(jobId), l -> l.attempt() == 2,
                "the worker dead-letters attempt 2");
        assertEquals("DECODE_FAILED", second.errorClass());
        assertEquals(1, second.earlier(), "attempt 1's dead letter is kept beside it");
        Captured again = new Captured();
        assertEquals(0, cli(env, again, "show", jobId));
        assertTrue(again.text().contains("attempt     2"), again.text());
    }

    @Test
    void usageErrorsAndRefusals() {
        Map<String, String> env = TestFleet.shared();
        assertEquals(2, cli(env, new Captured()));
        assertEquals(2, cli(env, new Captured(), "rescue"));
        assertEquals(2, cli(env, new Captured(), "show"));
        assertEquals(2, cli(env, new Captured(), "replay"));
        assertEquals(2, cli(env, new Captured(), "replay", "a", "--batch", "b"));
        assertEquals(2, cli(env, new Captured(), "list", "--force"));
        Captured unknown = new Captured();
        Captured err = new Captured();
        assertEquals(1, new DeadLettersCli(unknown.stream(), err.stream(), env).run(new String[] {"show", "no-such-job"}));
        assertTrue(err.text().contains("HTTP 404"), err.text());
        Captured unreachable = new Captured();
        assertEquals(1, new DeadLettersCli(new Captured().stream(), unreachable.stream(), env)
                .run(new String[] {"list", "--url", "http://127.0.0.1:1"}));
        assertTrue(unreachable.text().contains("cannot reach the dispatcher"), unreachable.text());
    }

    private static int cli(Map<String, String> env, Captured out, String... args) {
        Captured err = new Captured();
        int code = new DeadLettersCli(out.stream(), err.stream(), env).run(args);
        if (code != 0) {
            out.stream().print(err.text()); // into the assertion messages that print the output
        }
        return code;
    }

    private interface Read<T> {
        T get();
    }

    private static <T> T await(Read<T> read, Predicate<T> done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            T value = read.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + WAIT + " for " + what + "; last: " + value);
            }
            Thread.sleep(250);
        }
    }
}
