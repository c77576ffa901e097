package io.nightshift.dispatcher.batch;

import io.nightshift.dispatcher.progress.Progress;
import io.nightshift.dispatcher.testing.Api;
import io.nightshift.dispatcher.testing.BrokerRefusal;
import io.nightshift.dispatcher.testing.JobsTopic;
import io.nightshift.dispatcher.testing.ResultsTopic;
import io.nightshift.dispatcher.testing.S3Fixtures;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing is confirmed that did not happen: when the real broker refuses the write a state change depends on
 * ({@link BrokerRefusal}: the batch-status or jobs topic takes no records), the answer is 503, nothing is listed
 * or counted, and a retry with the same request id does not answer 200 about work that never started; once the
 * broker takes writes again the same retry does the work.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class BrokerRefusalTest {
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    @Inject
    Progress progress;

    @Test
    void aBatchTheBrokerDidNotRecordIsNeitherListedNorConfirmedOnRetry() {
        String prefix = S3Fixtures.uniquePrefix("refused-batch");
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, Map.of(prefix + "a.NEF", 0, prefix + "b.NEF", 0));
        Map<String, Object> body = Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix,
                "requestId", "refused-" + UUID.randomUUID());
        String batchId = JobIds.batchId((String) body.get("requestId"));

        try (BrokerRefusal refusal = BrokerRefusal.ofBatchStatus()) {
            post("/api/batches", body).then().statusCode(greaterThanOrEqualTo(500));
            // the retry is not told "200, that batch": the broker still has no record of it
            post("/api/batches", body).then().statusCode(503).header("Retry-After", "5")
                    .body("error", containsString(batchId));
            given().when().get("/api/batches/" + batchId).then().statusCode(404);
            given().when().get("/api/batches?size=1000").then().statusCode(200)
                    .body("items.batchId", not(hasItem(batchId)));
        }
        assertEquals(List.of(), JobsTopic.ofBatch(batchId), "nothing was listed for a batch never recorded");

        String accepted = Api.postBatch(body, 202); // the same request, now recorded: a new batch, listed
        assertEquals(batchId, accepted);
        assertEquals(2, Api.awaitEnd(batchId, Duration.ofMinutes(1)).getInt("total"));
        Api.postBatch(body, 200);
    }

    @Test
    void aSingleJobTheBrokerRefusedIsNeitherListedNorConfirmedOnRetry() {
        String prefix = S3Fixtures.uniquePrefix("refused-single");
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, Map.of(prefix + "one.NEF", 0));
        Map<String, Object> body = Map.of("bucket", S3Fixtures.RAW_BUCKET, "key", prefix + "one.NEF",
                "requestId", "refused-single-" + UUID.randomUUID());
        String batchId = JobIds.batchId((String) body.get("requestId"));

        try (BrokerRefusal refusal = BrokerRefusal.ofJobs()) {
            post("/api/jobs", body).then().statusCode(greaterThanOrEqualTo(500));
            // not "200, your job" for a job the broker never took
            post("/api/jobs", body).then().statusCode(503).body("error", containsString("did not take job"));
            given().when().get("/api/batches/" + batchId).then().statusCode(404);
        }
        try (BrokerRefusal refusal = BrokerRefusal.ofBatchStatus()) {
            post("/api/jobs", body).then().statusCode(greaterThanOrEqualTo(500));
            post("/api/jobs", body).then().statusCode(503).body("error", containsString("did not record batch"));
            given().when().get("/api/batches/" + batchId).then().statusCode(404);
        }

        String jobId = post("/api/jobs", body).then().statusCode(202).extract().path("jobId");
        given().when().get("/api/batches/" + batchId).then().statusCode(200)
                .body("state", is("SEALED")).body("total", is(1));
        assertTrue(JobsTopic.ofBatch(batchId).stream().allMatch(job -> job.jobId().equals(jobId)));
        post("/api/jobs", body).then().statusCode(200).body("jobId", is(jobId));
    }

    /**
     * One failed job, so that its new attempt is a batch of one record: the broker's refusal ({@code max.message.bytes}
     * below any record) is then final at once. With two records in one batch the Kafka producer splits and resends
     * without end (it splits to {@code batch.size}, which both still fit), chaining futures until its I/O thread
     * overflows its stack: a limit of the client, not of the dispatcher (see the failure model).
     */
    @Test
    void retryFailedLeavesJobsFailedWhenTheBrokerRefusesTheirNewAttempts() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("refused-retry");
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, Map.of(prefix + "a.NEF", 0, prefix + "b.NEF", 0));
        String batchId = Api.postBatch(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix), 202);
        assertEquals(2, Api.awaitEnd(batchId, Duration.ofMinutes(1)).getInt("total"));
        List<Job> jobs = JobsTopic.ofBatch(batchId).stream()
                .collect(Collectors.toMap(Job::jobId, job -> job, (x, y) -> x)).values().stream()
                .sorted(Comparator.comparing(Job::jobId)).toList();
        ResultsTopic.publish(
                ResultsTopic.done(jobs.get(0), 1),
                ResultsTopic.failed(jobs.get(1), 1, ErrorClass.OBJECT_MISSING, "gone"));
        caughtUp();
        assertCounts(batchId, 1, 1, 0);

        try (BrokerRefusal refusal = BrokerRefusal.ofJobs()) {
            retryFailed(batchId).then().statusCode(greaterThanOrEqualTo(500));
            assertCounts(batchId, 1, 1, 0); // still failed: not "queued forever"
            retryFailed(batchId).then().statusCode(503)
                    .body("error", containsString("did not take 1 of 1 re-enqueued jobs"));
            assertEquals(1, given().when().get("/api/batches/" + batchId + "/failures").then().statusCode(200)
                    .extract().jsonPath().getInt("totalItems"));
        }
        caughtUp();
        assertCounts(batchId, 1, 1, 0);
        assertTrue(JobsTopic.ofBatch(batchId).stream().allMatch(job -> job.attempt() == 1));

        retryFailed(batchId).then().statusCode(200).body("requeued", is(1));
        assertCounts(batchId, 1, 0, 1);
        caughtUp();
        assertEquals(1, JobsTopic.ofBatch(batchId).stream().filter(job -> job.attempt() == 2).count());
    }

    private static io.restassured.response.Response post(String path, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post(path);
    }

    private static io.restassured.response.Response retryFailed(String batchId) {
        return given().contentType(ContentType.JSON).when().post("/api/batches/" + batchId + "/retry-failed");
    }

    private void caughtUp() throws InterruptedException {
        assertTrue(progress.awaitCaughtUp(CATCH_UP), "progress read both topics to their end");
    }

    private static void assertCounts(String batchId, int done, int failed, int queued) {
        JsonPath view = Api.batch(batchId);
        assertEquals(List.of(done, failed, queued), List.of(view.getInt("done"), view.getInt("failed"),
                view.getInt("queued")), "done, failed, queued of " + view.prettify());
    }
}
