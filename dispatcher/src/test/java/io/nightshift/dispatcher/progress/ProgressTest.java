package io.nightshift.dispatcher.progress;

import io.nightshift.dispatcher.testing.Api;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Progress from real result events on the results topic: duplicated, out-of-order and retried results; failures
 * paged with their reasons; retry-failed; and a restart of the progress component (it forgets everything and
 * reads the jobs and results topics again) mid-batch.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ProgressTest {
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    @Inject
    Progress progress;

    @Test
    void countsEachJobOnceByItsLatestAttemptAcrossRestartsAndRetries() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("progress");
        Map<String, Integer> objects = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            objects.put(prefix + "img-" + i + ".NEF", 0);
        }
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, objects);
        String batchId = Api.postBatch(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix), 202);
        assertEquals(5, Api.awaitEnd(batchId, Duration.ofMinutes(1)).getInt("total"));
        List<Job> jobs = distinctJobs(batchId);
        assertEquals(5, jobs.size());
        Job j0 = jobs.get(0), j1 = jobs.get(1), j2 = jobs.get(2), j3 = jobs.get(3), j4 = jobs.get(4);

        ResultsTopic.publish(
                ResultsTopic.done(j0, 1),
                ResultsTopic.done(j0, 1), // duplicated event
                ResultsTopic.failed(j1, 1, ErrorClass.DECODE_FAILED, "truncated file"),
                ResultsTopic.failed(j2, 1, ErrorClass.OBJECT_MISSING, "no such object"),
                ResultsTopic.failed(j3, 2, ErrorClass.INTERNAL, "worker bug"),
                ResultsTopic.done(j3, 1)); // an older attempt arriving late changes nothing
        caughtUp();
        assertCounts(batchId, 1, 3, 1);

        // failures, two per page, in job-id order
        JsonPath first = failures(batchId, 0, 2);
        JsonPath second = failures(batchId, 1, 2);
        assertEquals(3, first.getInt("totalItems"));
        assertEquals(List.of(j1.jobId(), j2.jobId()), first.getList("items.jobId"));
        assertEquals(List.of(j3.jobId()), second.getList("items.jobId"));
        assertEquals(List.of(j1.source().key(), j2.source().key()), first.getList("items.sourceKey"));
        assertEquals(List.of("DECODE_FAILED", "OBJECT_MISSING"), first.getList("items.errorClass"));
        assertEquals(List.of("truncated file", "no such object"), first.getList("items.reason"));
        assertEquals(List.of(1, 1), first.getList("items.attempt"));
        assertEquals("worker bug", second.getString("items[0].reason"));
        assertEquals(2, second.getInt("items[0].attempt"));

        // a restarted progress component rebuilds the same counts from the topics, mid-batch
        progress.restart();
        caughtUp();
        assertCounts(batchId, 1, 3, 1);
        assertEquals(List.of(j1.jobId(), j2.jobId(), j3.jobId()), failures(batchId, 0, 50).getList("items.jobId"));

        // retry-failed: each failed job again, next attempt, same id and output key
        given().contentType(ContentType.JSON).when().post("/api/batches/" + batchId + "/retry-failed")
                .then().statusCode(200).body("requeued", is(3)).body("skipped", is(0));
        Map<String, Integer> attempts = JobsTopic.ofBatch(batchId).stream().filter(job -> job.attempt() > 1)
                .collect(Collectors.toMap(Job::jobId, Job::attempt, Math::max));
        assertEquals(Map.of(j1.jobId(), 2, j2.jobId(), 2, j3.jobId(), 3), attempts);
        for (Job retried : JobsTopic.ofBatch(batchId)) {
            Job original = jobs.stream().filter(job -> job.jobId().equals(retried.jobId())).findFirst().orElseThrow();
            assertEquals(original.output(), retried.output(), "a retry writes where the first attempt would");
            assertEquals(original.source().key(), retried.source().key());
        }
        caughtUp();
        assertCounts(batchId, 1, 0, 4);

        ResultsTopic.publish(
                ResultsTopic.failed(j1, 1, ErrorClass.DECODE_FAILED, "truncated file"), // the old attempt, late
                ResultsTopic.done(j1, 2), // the retry succeeds: failed → done
                ResultsTopic.failed(j2, 2, ErrorClass.OBJECT_MISSING, "still missing"),
                ResultsTopic.done(j3, 3),
                ResultsTopic.done(j4, 1),
                ResultsTopic.done(j4, 1));
        caughtUp();
        assertCounts(batchId, 4, 1, 0);
        JsonPath left = failures(batchId, 0, 50);
        assertEquals(List.of(j2.jobId()), left.getList("items.jobId"));
        assertEquals("still missing", left.getString("items[0].reason"));
        assertEquals(2, left.getInt("items[0].attempt"));

        progress.restart();
        caughtUp();
        assertCounts(batchId, 4, 1, 0);
        given().when().get("/api/batches?size=1000").then().statusCode(200)
                .body("items.batchId", hasItem(batchId));
    }

    @Test
    void aLateFailureOfTheSameAttemptDoesNotUndoDone() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("same-attempt");
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, Map.of(prefix + "a.NEF", 0, prefix + "b.NEF", 0));
        String batchId = Api.postBatch(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix), 202);
        assertEquals(2, Api.awaitEnd(batchId, Duration.ofMinutes(1)).getInt("total"));
        List<Job> jobs = distinctJobs(batchId);
        Job a = jobs.get(0), b = jobs.get(1);

        ResultsTopic.publish(
                ResultsTopic.done(a, 1),
                ResultsTopic.failed(a, 1, ErrorClass.CRASHED_WORKER, "redelivered after the output was written"),
                ResultsTopic.failed(b, 1, ErrorClass.INTERNAL, "a first run failed"),
                ResultsTopic.done(b, 1)); // the same attempt redelivered and done: done either way round
        caughtUp();
        assertEquals(List.of(2, 0, 0), List.of(Api.batch(batchId).getInt("done"), Api.batch(batchId).getInt("failed"),
                Api.batch(batchId).getInt("queued")), "done, failed, queued");
        assertEquals(0, failures(batchId, 0, 50).getInt("totalItems"));

        progress.restart(); // the same order read again gives the same answer
        caughtUp();
        assertEquals(2, Api.batch(batchId).getInt("done"));
        assertEquals(0, Api.batch(batchId).getInt("failed"));
    }

    @Test
    void retryFailedRequiresJsonSoThatNoCrossSiteFormCanTriggerIt() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("retry-json");
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, Map.of(prefix + "a.NEF", 0));
        String batchId = Api.postBatch(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix), 202);
        assertEquals(1, Api.awaitEnd(batchId, Duration.ofMinutes(1)).getInt("total"));
        Job job = distinctJobs(batchId).get(0);
        ResultsTopic.publish(ResultsTopic.failed(job, 1, ErrorClass.DECODE_FAILED, "truncated file"));
        caughtUp();

        String path = "/api/batches/" + batchId + "/retry-failed";
        // what a page of another site can send without a CORS preflight: a form, text, or no body at all
        given().contentType("application/x-www-form-urlencoded; charset=UTF-8").formParam("x", "1")
                .when().post(path).then().statusCode(415);
        given().multiPart("x", "1").when().post(path).then().statusCode(415);
        given().contentType("text/plain").body("{}").when().post(path).then().statusCode(415);
        given().when().post(path).then().statusCode(415);
        caughtUp();
        assertEquals(1, Api.batch(batchId).getInt("failed"), "nothing was re-enqueued");
        assertEquals(List.of(1), JobsTopic.ofBatch(batchId).stream().map(Job::attempt).toList());

        given().contentType(ContentType.JSON).when().post(path).then().statusCode(200).body("requeued", is(1));
    }

    @Test
    void listsBatchesInPagesAndRefusesBadPaging() {
        String prefix = S3Fixtures.uniquePrefix("paged");
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, Map.of(prefix + "a.NEF", 0));
        String a = Api.postBatch(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix), 202);
        String b = Api.postBatch(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix), 202);

        JsonPath page = given().when().get("/api/batches?page=0&size=1").then().statusCode(200).extract().jsonPath();
        assertEquals(1, page.getList("items").size());
        assertTrue(page.getLong("totalItems") >= 2);
        JsonPath all = given().when().get("/api/batches?size=1000").then().statusCode(200).extract().jsonPath();
        List<String> ids = all.getList("items.batchId");
        assertTrue(ids.indexOf(b) >= 0 && ids.indexOf(a) >= 0, ids.toString());
        assertEquals(0, all.getInt("items.find { it.batchId == '" + a + "' }.done"));

        given().when().get("/api/batches?page=-1").then().statusCode(400).body("fields[0].field", is("page"));
        given().when().get("/api/batches/" + a + "/failures?size=0").then().statusCode(400)
                .body("fields[0].field", is("size"));
        given().when().get("/api/batches/no-such-batch/failures").then().statusCode(404);
        given().contentType(ContentType.JSON).when().post("/api/batches/no-such-batch/retry-failed")
                .then().statusCode(404);
    }

    private void caughtUp() throws InterruptedException {
        assertTrue(progress.awaitCaughtUp(CATCH_UP), "progress read both topics to their end");
    }

    private static List<Job> distinctJobs(String batchId) {
        return JobsTopic.ofBatch(batchId).stream().collect(Collectors.toMap(Job::jobId, job -> job, (x, y) -> x))
                .values().stream().sorted(Comparator.comparing(Job::jobId)).toList();
    }

    private static JsonPath failures(String batchId, int page, int size) {
        return given().when().get("/api/batches/" + batchId + "/failures?page=" + page + "&size=" + size)
                .then().statusCode(200).extract().jsonPath();
    }

    private static void assertCounts(String batchId, int done, int failed, int queued) {
        JsonPath view = Api.batch(batchId);
        assertEquals(List.of(done, failed, queued, 5),
                List.of(view.getInt("done"), view.getInt("failed"), view.getInt("queued"), view.getInt("total")),
                "done, failed, queued, total of " + view.prettify());
    }
}
