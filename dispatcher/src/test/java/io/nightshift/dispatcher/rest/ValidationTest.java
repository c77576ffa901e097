package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.testing.JobsTopic;
import io.nightshift.dispatcher.testing.S3Fixtures;
import io.nightshift.protocol.Job;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** 400 answers name the offending fields; unknown batches are 404; a single job is a sealed batch of one. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ValidationTest {
    @Test
    void everyInvalidFieldIsNamed() {
        given().contentType(ContentType.JSON)
                .body(Map.of("sourcePrefix", "../etc", "outputBucket", "Bad_Bucket", "outputPrefix", "a//b",
                        "format", "gif", "extensions", List.of("NEF", "no way"), "minBytes", 10, "maxBytes", 5,
                        "ratio", -1, "requestId", "has space"))
                .when().post("/api/batches")
                .then().statusCode(400)
                .body("error", is("invalid request"))
                .body("fields.field", containsInAnyOrder("sourceBucket", "sourcePrefix", "outputBucket",
                        "outputPrefix", "format", "extensions[1]", "maxBytes", "ratio", "requestId"));
    }

    @Test
    void missingBodyAndMissingBucket() {
        given().contentType(ContentType.JSON).body("{}").when().post("/api/batches")
                .then().statusCode(400).body("fields.field", is(List.of("sourceBucket")));
        given().contentType(ContentType.JSON).body(Map.of("sourceBucket", "no-such-bucket"))
                .when().post("/api/batches")
                .then().statusCode(400)
                .body("fields.field", is(List.of("sourceBucket")))
                .body("fields[0].message", containsString("no bucket"));
    }

    @Test
    void wrongTypesAndBrokenJsonAreNamed() {
        given().contentType(ContentType.JSON)
                .body("{\"sourceBucket\":\"nightshift-raw\",\"minBytes\":\"ten\"}")
                .when().post("/api/batches")
                .then().statusCode(400).body("fields.field", is(List.of("minBytes")));
        given().contentType(ContentType.JSON)
                .body("{\"sourceBucket\":\"nightshift-raw\",\"extensions\":[\"NEF\",{\"x\":1}]}")
                .when().post("/api/batches")
                .then().statusCode(400).body("fields.field", is(List.of("extensions[1]")));
        given().contentType(ContentType.JSON).body("{\"sourceBucket\": ")
                .when().post("/api/batches")
                .then().statusCode(400).body("fields.field", is(List.of("body")));
        given().contentType(ContentType.JSON).body("")
                .when().post("/api/batches")
                .then().statusCode(400).body("fields.field", is(List.of("body")));
    }

    @Test
    void outputsWhereTheWorkersMayNotWriteAre400() {
        // the test stack's buckets all exist; the workers may write to nightshift-results only (the default)
        String prefix = S3Fixtures.uniquePrefix("not-allowed");
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, Map.of(prefix + "IMG_1.NEF", 1));
        given().contentType(ContentType.JSON)
                .body(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix,
                        "outputBucket", "nightshift-models", "outputPrefix", "enhanced/"))
                .when().post("/api/batches")
                .then().statusCode(400)
                .body("fields.field", is(List.of("outputBucket")))
                .body("fields[0].message", containsString("[nightshift-results]"));
        given().contentType(ContentType.JSON)
                .body(Map.of("bucket", S3Fixtures.RAW_BUCKET, "key", prefix + "IMG_1.NEF",
                        "outputBucket", "nightshift-raw"))
                .when().post("/api/jobs")
                .then().statusCode(400)
                .body("fields.field", is(List.of("outputBucket")));
        assertEquals(List.of(), JobsTopic.read(job -> job.source().key().startsWith(prefix)));
    }

    @Test
    void unknownBatchIs404() {
        given().when().get("/api/batches/b-000000000000000000000000").then().statusCode(404)
                .body("error", containsString("b-000000000000000000000000"));
        given().when().delete("/api/batches/b-000000000000000000000000").then().statusCode(404);
    }

    @Test
    void singleJobIsASealedBatchOfOne() {
        String prefix = S3Fixtures.uniquePrefix("single");
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, Map.of(prefix + "2024/IMG_7.NEF", 42, prefix + "notes.txt", 1));

        String jobId = given().contentType(ContentType.JSON)
                .body(Map.of("bucket", S3Fixtures.RAW_BUCKET, "key", prefix + "2024/IMG_7.NEF",
                        "outputPrefix", "single/", "format", "tiff16"))
                .when().post("/api/jobs")
                .then().statusCode(202)
                .body("output.key", is("single/IMG_7.NEF.tif"))
                .body("source.etag", org.hamcrest.Matchers.notNullValue())
                .extract().path("jobId");
        List<Job> jobs = JobsTopic.read(job -> job.jobId().equals(jobId));
        assertEquals(1, jobs.size());
        String batchId = jobs.get(0).batchId();
        given().when().get("/api/batches/" + batchId).then().statusCode(200)
                .body("state", is("SEALED")).body("total", is(1)).body("origin", is("SINGLE"));

        given().contentType(ContentType.JSON)
                .body(Map.of("bucket", S3Fixtures.RAW_BUCKET, "key", prefix + "notes.txt"))
                .when().post("/api/jobs").then().statusCode(400).body("fields.field", is(List.of("key")));
        given().contentType(ContentType.JSON)
                .body(Map.of("bucket", S3Fixtures.RAW_BUCKET, "key", prefix + "missing.NEF"))
                .when().post("/api/jobs").then().statusCode(400)
                .body("fields.field", is(List.of("key"))).body("fields[0].message", containsString("no object"));
        given().contentType(ContentType.JSON).body(Map.of("key", "/abs.NEF"))
                .when().post("/api/jobs").then().statusCode(400)
                .body("fields.field", hasItems("bucket", "key"));
    }
}
