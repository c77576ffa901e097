package io.nightshift.dispatcher.deadletters;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.dispatcher.progress.Progress;
import io.nightshift.dispatcher.testing.Api;
import io.nightshift.dispatcher.testing.DeadLettersTopic;
import io.nightshift.dispatcher.testing.JobsTopic;
import io.nightshift.dispatcher.testing.ResultsTopic;
import io.nightshift.dispatcher.testing.S3Fixtures;
import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dead letters for operators, from real dead letters on the real dead-letter topic (written with
 * {@link ProtocolJson}, as the worker writes them) and a real batch: listed newest first, filtered by batch and
 * class, paged; one shown with its original job; replayed as the next attempt on the jobs topic (the batch
 * counts it queued) only where the class allows it or when forced, never a raw payload, and once however often
 * asked.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class DeadLetterApiTest {
    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DeadLetters deadLetters;

    @Inject
    Progress progress;

    @Test
    void listsShowsAndReplaysOnlyWhatAFixCanChangeOnce() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("dead-letters");
        Map<String, Integer> objects = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            objects.put(prefix + "img-" + i + ".NEF", 0);
        }
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, objects);
        String batchId = Api.postBatch(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix), 202);
        assertEquals(6, Api.awaitEnd(batchId, Duration.ofMinutes(1)).getInt("total"));
        List<Job> jobs = JobsTopic.ofBatch(batchId).stream()
                .collect(Collectors.toMap(Job::jobId, job -> job, (x, y) -> x)).values().stream()
                .sorted(Comparator.comparing(Job::jobId)).toList();
        Job missing = jobs.get(0), corrupt = jobs.get(1), crashed = jobs.get(2), garbled = jobs.get(3),
                future = jobs.get(4), fine = jobs.get(5);

        // what a worker does on giving up: the dead letter, then the FAILED result
        Instant t0 = Instant.parse("2026-12-06T10:00:00Z");
        byte[] rawPayload = ("{\"jobId\":\"" + garbled.jobId() + "\",\"batchId\":\"" + batchId
                + "\",\"attempt\":1,\"format\":\"bmp\"}").getBytes(StandardCharsets.UTF_8);
        DeadLettersTopic.publish(garbled.jobId(),
                new DeadLetter(missing, null, ErrorClass.OBJECT_MISSING, "no such object " + missing.source().key(), 1,
                        "worker-a", t0),
                new DeadLetter(corrupt, null, ErrorClass.DECODE_FAILED, "cannot read the RAW header", 1, "worker-a",
                        t0.plusSeconds(1)),
                new DeadLetter(crashed, null, ErrorClass.CRASHED_WORKER, "took the worker down 3 times", 3, "worker-b",
                        t0.plusSeconds(2)),
                new DeadLetter(null, rawPayload, ErrorClass.INVALID_MESSAGE, "field 'source': missing", 1,
                        "worker-b", t0.plusSeconds(3)));
        // a class of a later protocol version: kept by name, not replayable without force
        String newer = new String(ProtocolJson.write(new DeadLetter(future, null, ErrorClass.INTERNAL, "GPU on fire",
                1, "worker-c", t0.plusSeconds(4))), StandardCharsets.UTF_8).replace("\"INTERNAL\"", "\"GPU_ON_FIRE\"");
        DeadLettersTopic.publishRaw(Map.of(future.jobId(), newer.getBytes(StandardCharsets.UTF_8)));
        ResultsTopic.publish(
                ResultsTopic.failed(missing, 1, ErrorClass.OBJECT_MISSING, "no such object"),
                ResultsTopic.failed(corrupt, 1, ErrorClass.DECODE_FAILED, "cannot read the RAW header"),
                ResultsTopic.failed(crashed, 1, ErrorClass.CRASHED_WORKER, "took the worker down 3 times"),
                ResultsTopic.failed(garbled, 1, ErrorClass.INVALID_MESSAGE, "field 'source': missing"),
                ResultsTopic.failed(future, 1, ErrorClass.INTERNAL, "GPU on fire"),
                ResultsTopic.done(fine, 1));
        caughtUp();
        assertCounts(batchId, 1, 5, 0);

        // the list: the batch's five, newest first, with class, reason, worker, attempts and replayability
        JsonPath all = list("batch=" + batchId + "&size=50");
        assertEquals(5, all.getInt("totalItems"));
        assertEquals(List.of(future.jobId(), garbled.jobId(), crashed.jobId(), corrupt.jobId(), missing.jobId()),
                all.getList("items.jobId"));
        assertEquals(List.of("GPU_ON_FIRE", "INVALID_MESSAGE", "CRASHED_WORKER", "DECODE_FAILED", "OBJECT_MISSING"),
                all.getList("items.errorClass"));
        assertEquals(List.of(false, false, true, false, true), all.getList("items.replayable"));
        assertEquals(3, all.getInt("items[2].attempts"));
        assertEquals("worker-b", all.getString("items[2].workerId"));
        assertEquals(crashed.source().key(), all.getString("items[2].job.source.key"));
        assertTrue(all.getString("items[0].notReplayable").contains("does not know"), all.prettify());
        assertTrue(all.getString("items[3].notReplayable").contains("poison"), all.prettify());
        assertEquals(rawPayload.length, all.getInt("items[1].rawPayloadBytes"));
        assertNull(all.get("items[1].job"));
        assertTrue(all.getString("items[1].notReplayable").contains("raw payload"), all.prettify());
        assertEquals(batchId, all.getString("items[1].batchId"), "the raw payload's batch id is read");

        // filtered by class (any case), and paged two at a time
        JsonPath poison = list("batch=" + batchId + "&errorClass=decode_failed");
        assertEquals(1, poison.getInt("totalItems"));
        assertEquals(List.of(corrupt.jobId()), poison.getList("items.jobId"));
        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonPath p = list("batch=" + batchId + "&page=" + page + "&size=2");
            assertEquals(5, p.getInt("totalItems"));
            paged.addAll(p.getList("items.jobId"));
        }
        assertEquals(all.getList("items.jobId"), paged);
        given().when().get("/api/dead-letters?errorClass=DROP%20TABLE").then().statusCode(400)
                .body("fields[0].field", is("errorClass"));
        given().when().get("/api/dead-letters?size=0").then().statusCode(400).body("fields[0].field", is("size"));

        // one shown, with the original job
        String body = given().when().get("/api/dead-letters/" + missing.jobId()).then().statusCode(200)
                .extract().asString();
        JsonPath shown = new JsonPath(body);
        assertEquals(missing, ProtocolJson.readJob(JSON.writeValueAsBytes(JSON.readTree(body).get("job"))),
                "the original job, as protocol-v1 JSON");
        assertEquals("OBJECT_MISSING", shown.getString("errorClass"));
        assertEquals("no such object " + missing.source().key(), shown.getString("reason"));
        assertEquals(t0.toString(), shown.getString("at"));
        given().when().get("/api/dead-letters/no-such-job").then().statusCode(404);

        // replay: only the replayable one goes; the others are skipped with their reasons
        JsonPath replayed = replay(Map.of("jobIds", List.of(missing.jobId(), corrupt.jobId(), garbled.jobId(),
                future.jobId(), "no-such-job")));
        assertEquals(1, replayed.getInt("requeued"));
        assertEquals(4, replayed.getInt("skipped"));
        assertEquals(List.of("requeued", "skipped", "skipped", "skipped", "skipped"), replayed.getList("items.outcome"));
        assertEquals(2, replayed.getInt("items[0].attempt"));
        assertTrue(replayed.getString("items[1].reason").contains("force"), replayed.prettify());
        assertTrue(replayed.getString("items[2].reason").contains("raw payload"), replayed.prettify());
        assertTrue(replayed.getString("items[4].reason").contains("unknown"), replayed.prettify());
        List<Job> second = attempts(batchId, 2);
        assertEquals(List.of(missing.jobId()), second.stream().map(Job::jobId).toList());
        assertEquals(missing.source(), second.get(0).source());
        assertEquals(missing.output(), second.get(0).output(), "the next attempt writes where the first would");
        assertCounts(batchId, 1, 4, 1); // counted queued at once

        // idempotent: asked again, nothing more is published
        JsonPath again = replay(Map.of("jobIds", List.of(missing.jobId())));
        assertEquals(0, again.getInt("requeued"));
        assertTrue(again.getString("items[0].reason").contains("attempt 2"), again.prettify());
        caughtUp();
        assertEquals(1, attempts(batchId, 2).size());
        assertFalse(list("batch=" + batchId).getBoolean("items.find { it.jobId == '" + missing.jobId() + "' }.replayable"));

        // forced: the poison one and the unknown class go too, the raw payload still cannot
        JsonPath forced = replay(Map.of("jobIds", List.of(corrupt.jobId(), future.jobId(), garbled.jobId()),
                "force", true));
        assertEquals(List.of("requeued", "requeued", "skipped"), forced.getList("items.outcome"));
        // a whole batch: what is left replayable is the crashed one
        JsonPath batch = replay(Map.of("batchId", batchId));
        assertEquals(1, batch.getInt("requeued"), batch.prettify());
        assertEquals(crashed.jobId(), batch.getString("items.find { it.outcome == 'requeued' }.jobId"));
        caughtUp();
        assertEquals(new HashSet<>(List.of(missing.jobId(), corrupt.jobId(), future.jobId(), crashed.jobId())),
                new HashSet<>(attempts(batchId, 2).stream().map(Job::jobId).toList()));
        assertCounts(batchId, 1, 1, 4);

        // refusals: not JSON, neither or both of jobIds and batchId, bad ids
        given().contentType(ContentType.TEXT).body("jobIds=" + missing.jobId()).when().post("/api/dead-letters/replay")
                .then().statusCode(415);
        given().contentType(ContentType.JSON).body(Map.of("force", true)).when().post("/api/dead-letters/replay")
                .then().statusCode(400).body("fields[0].field", is("jobIds"));
        given().contentType(ContentType.JSON).body(Map.of("jobIds", List.of("ok", "../x"))).when()
                .post("/api/dead-letters/replay").then().statusCode(400).body("fields[0].field", is("jobIds[1]"));

        // a restarted index reads the same from the topic
        deadLetters.restart();
        assertTrue(deadLetters.awaitCaughtUp(CATCH_UP));
        assertEquals(all.getList("items.jobId"), list("batch=" + batchId).getList("items.jobId"));
    }

    private void caughtUp() throws InterruptedException {
        assertTrue(progress.awaitCaughtUp(CATCH_UP), "progress read the jobs and results topics to their end");
        assertTrue(deadLetters.awaitCaughtUp(CATCH_UP), "the dead-letter index read its topic to its end");
    }

    private static List<Job> attempts(String batchId, int attempt) {
        return JobsTopic.ofBatch(batchId).stream().filter(job -> job.attempt() == attempt).toList();
    }

    private static JsonPath list(String query) {
        return given().when().get("/api/dead-letters?" + query).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath replay(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/dead-letters/replay")
                .then().statusCode(200).extract().jsonPath();
    }

    private static void assertCounts(String batchId, int done, int failed, int queued) {
        JsonPath view = Api.batch(batchId);
        assertEquals(List.of(done, failed, queued), List.of(view.getInt("done"), view.getInt("failed"),
                view.getInt("queued")), "done, failed, queued of " + view.prettify());
    }
}
