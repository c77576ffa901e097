package io.nightshift.dispatcher.batch;

import io.nightshift.dispatcher.testing.Api;
import io.nightshift.dispatcher.testing.JobsTopic;
import io.nightshift.dispatcher.testing.S3Fixtures;
import io.nightshift.protocol.Job;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resume after a crash mid-listing (the run stops like a killed process, leaving only its last checkpoint in
 * the batch-status topic; the listing component is then rebuilt from that topic), cancel, and request ids that
 * survive a restart.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ResumeAndCancelTest {
    @Inject
    Batches batches;

    @AfterEach
    void clearSeams() {
        batches.haltNewRunsAfter(-1);
        batches.pauseNewRunsAfter(-1);
    }

    @Test
    void resumesAfterACrashMidListingWithoutMissingAnObject() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("resume");
        Set<String> keys = S3Fixtures.putRawObjects(prefix, 1200);

        batches.haltNewRunsAfter(450);
        String batchId = Api.postBatch(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix), 202);
        BatchRecord crashed = batches.awaitRun(batchId, Duration.ofMinutes(1)).orElseThrow();
        assertEquals(BatchState.LISTING, crashed.state());
        int beforeCrash = JobsTopic.ofBatch(batchId).size();
        assertTrue(beforeCrash >= 450 && beforeCrash < keys.size(), "the crash came mid-listing: " + beforeCrash);

        batches.haltNewRunsAfter(-1);
        batches.recover(); // a restarted dispatcher: reads the batch-status topic, resumes from the last checkpoint
        JsonPath sealed = Api.awaitEnd(batchId, Duration.ofMinutes(1));

        assertEquals("SEALED", sealed.getString("state"));
        assertEquals(keys.size(), sealed.getInt("total"), "each object counts once");
        assertEquals(keys.size(), sealed.getInt("published"));
        List<Job> jobs = JobsTopic.ofBatch(batchId);
        Map<String, Set<String>> idsByKey = new HashMap<>();
        Map<String, Set<String>> outputsById = new HashMap<>();
        for (Job job : jobs) {
            idsByKey.computeIfAbsent(job.source().key(), k -> new java.util.HashSet<>()).add(job.jobId());
            outputsById.computeIfAbsent(job.jobId(), k -> new java.util.HashSet<>()).add(job.output().key());
        }
        assertEquals(keys, idsByKey.keySet(), "no object missing, none extra");
        assertTrue(idsByKey.values().stream().allMatch(ids -> ids.size() == 1), "a republished job keeps its id");
        assertTrue(outputsById.values().stream().allMatch(outputs -> outputs.size() == 1), "and its output key");
        assertTrue(jobs.size() > keys.size(), "the jobs after the last checkpoint were published twice: " + jobs.size());
    }

    @Test
    void cancelStopsPublishingAndSaysHowManyWereQueued() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("cancel");
        S3Fixtures.putRawObjects(prefix, 600);

        batches.pauseNewRunsAfter(250);
        String batchId = Api.postBatch(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix), 202);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (Api.batch(batchId).getInt("published") < 250) { // the run is paused mid-listing
            assertTrue(System.nanoTime() < deadline, "the run never reached 250 jobs");
            Thread.sleep(50);
        }
        int queued = given().when().delete("/api/batches/" + batchId)
                .then().statusCode(200)
                .body("state", is("CANCELLED"))
                .extract().path("queued");
        assertEquals(250, queued);
        assertEquals(250, JobsTopic.ofBatch(batchId).size());

        batches.pauseNewRunsAfter(-1);
        batches.recover(); // a cancelled batch is not resumed after a restart
        assertEquals("CANCELLED", Api.batch(batchId).getString("state"));
        assertEquals(250, Api.batch(batchId).getInt("published"));
        given().when().delete("/api/batches/" + batchId).then().statusCode(200).body("queued", is(250));
        assertEquals(250, JobsTopic.ofBatch(batchId).size(), "nothing published after the cancel");
    }

    @Test
    void sealedBatchCannotBeCancelled() {
        String prefix = S3Fixtures.uniquePrefix("sealed");
        S3Fixtures.putRawObjects(prefix, 3);
        String batchId = Api.postBatch(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix), 202);
        Api.awaitEnd(batchId, Duration.ofMinutes(1));
        given().when().delete("/api/batches/" + batchId).then().statusCode(409);
    }

    @Test
    void requestIdMakesCreationIdempotentAcrossRestarts() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("idempotent");
        S3Fixtures.putRawObjects(prefix, 40);
        String requestId = "req-" + prefix.substring(2, prefix.length() - 1);
        Map<String, Object> body = Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix,
                "requestId", requestId);

        String first = Api.postBatch(body, 202);
        String second = Api.postBatch(body, 200);
        assertEquals(first, second);
        Api.awaitEnd(first, Duration.ofMinutes(1));

        batches.recover();
        assertEquals(first, Api.postBatch(body, 200), "the same batch after a restart");
        Map<String, Object> different = new LinkedHashMap<>(body);
        different.put("format", "jpeg");
        given().contentType(io.restassured.http.ContentType.JSON).body(different)
                .when().post("/api/batches").then().statusCode(409);

        List<Job> jobs = JobsTopic.ofBatch(first);
        assertEquals(40, jobs.size(), "listed once");
        assertEquals(40, jobs.stream().map(Job::jobId).collect(Collectors.toSet()).size());
    }
}
