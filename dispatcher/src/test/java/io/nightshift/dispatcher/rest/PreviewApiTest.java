package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.progress.Progress;
import io.nightshift.dispatcher.testing.Api;
import io.nightshift.dispatcher.testing.JobsTopic;
import io.nightshift.dispatcher.testing.Previews;
import io.nightshift.dispatcher.testing.ResultsTopic;
import io.nightshift.dispatcher.testing.S3Fixtures;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Done jobs with their preview URLs and camera, and previews streamed from the real S3 server by job and role only:
 * the key comes from the job's result event and must be a safe JPEG key in the batch's output bucket, so neither a
 * client nor a hostile result event can make the dispatcher serve any other object. The output itself is served
 * the same way (by job, from its batch's output bucket), only in formats browsers show.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class PreviewApiTest {
    @Inject
    Progress progress;

    @Test
    void previewsStreamByJobAndRoleAndNothingElse() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("previews");
        Map<String, Integer> objects = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            objects.put(prefix + "p-" + i + ".NEF", 0);
        }
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, objects);
        String batchId = Api.postBatch(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix), 202);
        assertEquals(6, Api.awaitEnd(batchId, Duration.ofMinutes(1)).getInt("total"));
        List<Job> jobs = JobsTopic.ofBatch(batchId).stream()
                .collect(Collectors.toMap(Job::jobId, job -> job, (a, b) -> a)).values().stream()
                .sorted(Comparator.comparing(job -> job.source().key())).toList();
        Job good = jobs.get(0), hostile = jobs.get(1), missing = jobs.get(2), failed = jobs.get(3), queued = jobs.get(4);
        Job climbing = jobs.get(5);

        byte[] dark = Previews.jpeg(48, 32, 15);
        byte[] bright = Previews.jpeg(48, 32, 210);
        String inputKey = good.output().key() + ".input.jpg";
        String resultKey = good.output().key() + ".preview.JPEG";
        S3Fixtures.put(S3Fixtures.RESULTS_BUCKET, inputKey, dark, "image/jpeg");
        S3Fixtures.put(S3Fixtures.RESULTS_BUCKET, resultKey, bright, "image/jpeg");
        // objects that exist in the output bucket but are no previews of the hostile job: not a JPEG, and a JPEG
        // that is not beside its output (another job's preview)
        S3Fixtures.put(S3Fixtures.RESULTS_BUCKET, hostile.output().key() + ".txt", "not for you".getBytes(),
                "image/jpeg");
        ResultsTopic.publish(
                ResultsTopic.doneWithPreviews(good, 1, inputKey, resultKey),
                ResultsTopic.doneWithPreviews(hostile, 1, inputKey, hostile.output().key() + ".txt"),
                // a climbing key: the protocol's reader refuses the whole event (logged and skipped)
                ResultsTopic.doneWithPreviews(climbing, 1, "previews/../" + prefix + "secret.jpg", "previews/x.jpg"),
                ResultsTopic.doneWithPreviews(missing, 1, missing.output().key() + ".input.jpg",
                        missing.output().key() + ".preview.jpg"),
                ResultsTopic.failed(failed, 1, ErrorClass.DECODE_FAILED, "truncated"));
        assertTrue(progress.awaitCaughtUp(Duration.ofSeconds(60)));

        // the done list, paged, with the dispatcher's own preview URLs
        JsonPath all = given().get("/api/batches/" + batchId + "/done?size=10").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(3, all.getInt("totalItems"));
        assertEquals(jobs.subList(0, 3).stream().map(Job::jobId).sorted().toList(), all.getList("items.jobId"));
        JsonPath first = given().get("/api/batches/" + batchId + "/done?size=1&page=0").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(1, first.getList("items").size());
        assertEquals(3, first.getInt("totalItems"));
        Map<String, Object> goodItem = all.getMap("items.find { it.jobId == '" + good.jobId() + "' }");
        assertEquals(good.source().key(), goodItem.get("sourceKey"));
        assertEquals(good.output().key(), goodItem.get("outputKey"));
        assertEquals(Map.of("input", "/api/jobs/" + good.jobId() + "/previews/input",
                "result", "/api/jobs/" + good.jobId() + "/previews/result"), goodItem.get("previews"));

        // streamed byte for byte from the S3 server
        assertArrayEquals(dark, given().get("/api/jobs/" + good.jobId() + "/previews/input").then().statusCode(200)
                .contentType("image/jpeg").header("X-Content-Type-Options", "nosniff").extract().asByteArray());
        assertArrayEquals(bright, given().get("/api/jobs/" + good.jobId() + "/previews/result").then()
                .statusCode(200).contentType("image/jpeg").extract().asByteArray());

        // a result event naming another job's preview or a non-JPEG object serves nothing; nor does a climbing key
        given().get("/api/jobs/" + climbing.jobId() + "/previews/result").then().statusCode(404);
        for (String role : List.of("input", "result")) {
            given().get("/api/jobs/" + hostile.jobId() + "/previews/" + role).then().statusCode(404)
                    .body(containsString("no usable preview")).body(org.hamcrest.Matchers.not(containsString("not for you")));
        }
        // named but not in the object store; a failed job; a queued job; an unknown job
        given().get("/api/jobs/" + missing.jobId() + "/previews/input").then().statusCode(404)
                .body("error", containsString("not in the object store"));
        given().get("/api/jobs/" + failed.jobId() + "/previews/input").then().statusCode(404);
        given().get("/api/jobs/" + queued.jobId() + "/previews/result").then().statusCode(404);
        given().get("/api/jobs/" + "0".repeat(40) + "/previews/input").then().statusCode(404);
        // the client names a job and a role, nothing else
        given().get("/api/jobs/" + good.jobId() + "/previews/raw").then().statusCode(400)
                .body("fields.field", hasItem("role"));
        given().get("/api/jobs/-not-an-id/previews/input").then().statusCode(400)
                .body("fields.field", hasItem("jobId"));
        given().get("/api/batches/no-such-batch/done").then().statusCode(404)
                .body("error", is("no batch 'no-such-batch'"));

        // the camera the result named
        assertEquals(Map.of("make", "Nightshift", "model", "Test", "label", "Nightshift Test"), goodItem.get("camera"));

        // the output itself at full size, where browsers show its format (this batch: png16, the default)
        assertEquals("/api/jobs/" + good.jobId() + "/output", goodItem.get("output"));
        byte[] png = png(40, 30);
        S3Fixtures.put(S3Fixtures.RESULTS_BUCKET, good.output().key(), png, "image/png");
        assertArrayEquals(png, given().get("/api/jobs/" + good.jobId() + "/output").then().statusCode(200)
                .contentType("image/png").header("X-Content-Type-Options", "nosniff").extract().asByteArray());
        given().get("/api/jobs/" + missing.jobId() + "/output").then().statusCode(404)
                .body("error", containsString("not in the object store"));
        given().get("/api/jobs/" + failed.jobId() + "/output").then().statusCode(404);
        given().get("/api/jobs/" + queued.jobId() + "/output").then().statusCode(404);
        given().get("/api/jobs/-not-an-id/output").then().statusCode(400).body("fields.field", hasItem("jobId"));
    }

    @Test
    void anOutputBrowsersCannotShowIsNotServed() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("tiff-output");
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, Map.of(prefix + "t.NEF", 0));
        String batchId = Api.postBatch(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix,
                "format", "tiff16"), 202);
        assertEquals(1, Api.awaitEnd(batchId, Duration.ofMinutes(1)).getInt("total"));
        Job job = JobsTopic.ofBatch(batchId).get(0);
        S3Fixtures.put(S3Fixtures.RESULTS_BUCKET, job.output().key(), new byte[]{'I', 'I', 42, 0}, "image/tiff");
        ResultsTopic.publish(ResultsTopic.done(job, 1));
        assertTrue(progress.awaitCaughtUp(Duration.ofSeconds(60)));

        JsonPath done = given().get("/api/batches/" + batchId + "/done").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(job.jobId()), done.getList("items.jobId"));
        assertNull(done.get("items[0].output"), "no full-size URL for a TIFF");
        given().get("/api/jobs/" + job.jobId() + "/output").then().statusCode(404)
                .body("error", containsString("tiff16, which browsers do not show"));
    }

    private static byte[] png(int width, int height) throws java.io.IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, 0x336699);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
