package io.nightshift.client.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.client.fleet.FleetAddress;
import io.nightshift.client.store.ObjectStore;
import io.nightshift.client.store.StoreLocation;
import io.nightshift.client.store.StoreObject;
import io.nightshift.client.testing.Captured;
import io.nightshift.client.testing.TestFleet;
import io.nightshift.stack.StackConfig;
import io.nightshift.stack.StackHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code ./nightshift dispatch} against a real fleet: the real dispatcher lists, the real worker enhances. */
class DispatchCliTest {
    @Test
    void dispatchesAndFollowsUntilEveryJobHasEnded() throws Exception {
        Map<String, String> env = TestFleet.shared();
        String prefix = "dispatch-cli-" + System.nanoTime() + "/";
        FleetAddress address = FleetAddress.of(StackConfig.forLocalUse(Path.of(env.get("NIGHTSHIFT_STACK_DIR")), env),
                null, null, env);
        byte[] garbage = new byte[16 * 1024];
        new Random(5).nextBytes(garbage);
        try (ObjectStore store = new ObjectStore(address)) {
            store.put(Files.readAllBytes(StackHome.locate().shared().resolve("raw-samples/RAW_KODAK_DC50.KDC")),
                    new StoreLocation("nightshift-raw", prefix + "a.KDC"), "application/octet-stream", Map.of());
            store.put(garbage, new StoreLocation("nightshift-raw", prefix + "b/c.DNG"), "application/octet-stream", Map.of());
            store.put(garbage, new StoreLocation("nightshift-raw", prefix + "d.jpg"), "image/jpeg", Map.of());

            Captured out = new Captured();
            Captured err = new Captured();
            int code = new DispatchCli(out.stream(), err.stream(), env).run(new String[] {"--bucket", "nightshift-raw",
                    "--prefix", prefix, "--out-prefix", prefix + "out", "--format", "jpeg", "--follow"});
            assertEquals(0, code, err.text());
            List<String> lines = out.lines();
            JsonNode summary = new ObjectMapper().readTree(out.lastLine());
            assertEquals(lines.get(0), summary.path("batchId").asText());
            assertEquals("SEALED", summary.path("state").asText());
            assertEquals(2, summary.path("total").asInt(), "the JPEG is not a RAW file: " + summary);
            assertEquals(1, summary.path("done").asInt(), summary.toString());
            assertEquals(1, summary.path("failed").asInt(), summary.toString());
            Map<String, Long> outputs = new HashMap<>();
            for (StoreObject object : store.list(new StoreLocation("nightshift-results", prefix + "out/"), true)) {
                outputs.put(object.key(), object.size());
            }
            assertTrue(outputs.containsKey(prefix + "out/a.KDC.jpg"), "the worker's result: " + outputs.keySet());
        }
    }

    @Test
    void refusalsAndUsageErrors() {
        Map<String, String> env = TestFleet.shared();
        Captured err = new Captured();
        assertEquals(1, new DispatchCli(new Captured().stream(), err.stream(), env)
                .run(new String[] {"--bucket", "Not_A_Bucket"}));
        assertTrue(err.text().contains("sourceBucket"), err.text());
        assertEquals(2, new DispatchCli(new Captured().stream(), new Captured().stream(), env)
                .run(new String[] {"--prefix", "x/"}), "--bucket is required");
        assertEquals(2, new DispatchCli(new Captured().stream(), new Captured().stream(), env)
                .run(new String[] {"--bucket", "b", "--colour", "red"}));
        Captured unreachable = new Captured();
        assertEquals(1, new DispatchCli(new Captured().stream(), unreachable.stream(), env)
                .run(new String[] {"--bucket", "nightshift-raw", "--url", "http://127.0.0.1:1"}));
        assertTrue(unreachable.text().contains("cannot reach the dispatcher"), unreachable.text());
    }
}
