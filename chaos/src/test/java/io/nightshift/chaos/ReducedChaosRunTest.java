package io.nightshift.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reduced chaos run of {@code ./nightshift test}: the packaged fleet (three workers and the dispatcher as shipped)
 * on a stack of its own, 40 dark frames and the real samples plus every bad input of the table, and every fault
 * of the full run, each of which must be evidenced as having hit work in flight. Judged from outside as
 * {@code ./nightshift chaos} judges it: nothing lost, no good job dead-lettered, every bad input with its class, no
 * stray object, the workers' offsets at the end of the jobs topic, no process left behind.
 */
class ReducedChaosRunTest {

    /** The faults of the issue, each of which the run must record as evidenced. */
    private static final List<String> FAULTS = List.of(
            "dispatcher killed -9 while listing a prefix",
            "kill -9 of a worker during download",
            "kill -9 of a worker during infer",
            "kill -9 of a worker during upload",
            "S3 refusing connections",
            "S3 answering 503",
            "S3 stalling (accepted, never answered)",
            "S3 answering 403",
            "broker stopped and restarted mid-batch",
            "bucket notifications arriving while the broker is down",
            "a new model set announced mid-batch",
            "a model set whose files do not match their checksums",
            "a model-set announcement with an unsafe key",
            "a worker started while the broker is down");

    @Test
    @Timeout(value = 9, unit = TimeUnit.MINUTES)
    void theFleetLosesNothingUnderEveryFault() throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(home.resolve("../shared/raw-samples")),
                "../shared/raw-samples is missing beside the checkout");
        ObjectNode report = new ChaosRun(ChaosSettings.reduced(home), System.err).run();
        String json = report.toString();

        List<String> seen = new ArrayList<>();
        for (JsonNode fault : report.path("faults")) {
            seen.add(fault.path("name").asText());
            assertTrue(fault.path("evidenced").asBoolean(), "fault without evidence: " + fault);
        }
        assertTrue(seen.containsAll(FAULTS), "faults run: " + seen);
        assertEquals(0, report.path("lost").asInt(), json);
        assertEquals(0, report.path("good_dead_lettered").asInt(), json);
        assertEquals(0, report.path("stray_objects").asInt(), json);
        assertEquals(13, report.path("bad_inputs").asInt(), "every kind of bad input of the table: " + json);
        assertEquals(13, report.path("bad_dead_lettered_correctly").asInt(), json);
        assertEquals(report.path("good_jobs").asInt(), report.path("outputs_ok").asInt(), json);
        assertTrue(report.path("good_jobs").asInt() >= 40 + 3, json);
        assertTrue(report.path("offsets_at_end").asBoolean(), json);
        assertTrue(report.path("max_attempts").asInt() <= ChaosSettings.ATTEMPT_BOUND, json);
        assertEquals(0, report.path("processes_left").asInt(), json);
        assertTrue(report.path("pass").asBoolean(), json);
    }
}
