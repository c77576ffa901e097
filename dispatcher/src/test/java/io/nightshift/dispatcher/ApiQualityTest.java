package io.nightshift.dispatcher;

import io.nightshift.dispatcher.progress.Progress;
import io.nightshift.dispatcher.testing.Api;
import io.nightshift.dispatcher.testing.JobsTopic;
import io.nightshift.dispatcher.testing.ResultsTopic;
import io.nightshift.dispatcher.testing.S3Fixtures;
import io.nightshift.protocol.Job;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document and Swagger UI; Prometheus metrics: jobs published, batches by state, results lag. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ApiQualityTest {
    @Inject
    Progress progress;

    @Test
    void openApiDocumentAndSwaggerUi() {
        var doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        assertEquals("Nightshift dispatcher", doc.getString("info.title"));
        for (String path : List.of("/api/batches", "/api/batches/{id}", "/api/batches/{id}/failures",
                "/api/batches/{id}/done", "/api/batches/{id}/retry-failed", "/api/jobs",
                "/api/jobs/{jobId}/previews/{role}", "/api/dead-letters", "/api/dead-letters/{jobId}",
                "/api/dead-letters/replay")) {
            assertTrue(doc.getMap("paths").containsKey(path), "OpenAPI lacks " + path);
        }
        given().get("/q/openapi").then().statusCode(200).body(containsString("BatchView"));
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger-ui"));
    }

    @Test
    void metricsCountPublishedJobsBatchesByStateAndResultsLag() throws Exception {
        double published = metric("nightshift_dispatcher_jobs_published_total");
        double sealed = metric("nightshift_dispatcher_batches{state=\"SEALED\"}");
        String prefix = S3Fixtures.uniquePrefix("metrics");
        Map<String, Integer> objects = new LinkedHashMap<>();
        for (int i = 0; i < 7; i++) {
            objects.put(prefix + "m-" + i + ".DNG", 0);
        }
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, objects);
        String batchId = Api.postBatch(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix), 202);
        assertEquals(7, Api.awaitEnd(batchId, Duration.ofMinutes(1)).getInt("total"));
        assertEquals(published + 7, metric("nightshift_dispatcher_jobs_published_total"));
        assertEquals(sealed + 1, metric("nightshift_dispatcher_batches{state=\"SEALED\"}"));

        Job job = JobsTopic.ofBatch(batchId).get(0);
        ResultsTopic.publish(ResultsTopic.done(job, 1));
        assertTrue(progress.awaitCaughtUp(Duration.ofSeconds(60)));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (metric("nightshift_dispatcher_results_lag") != 0) {
            assertTrue(System.nanoTime() < deadline, "the results lag did not come down to 0");
            Thread.sleep(200);
        }
        given().get("/q/metrics").then().statusCode(200).body(containsString("# HELP nightshift_dispatcher_results_lag"));
    }

    @Test
    void unknownBatchIs404AndInvalidFieldsAre400() {
        given().get("/api/batches/b-unknown").then().statusCode(404);
        given().contentType("application/json").body(Map.of("sourceBucket", "nightshift-raw", "minBytes", "ten"))
                .post("/api/batches").then().statusCode(400).body("fields[0]", hasKey("field"))
                .body("fields[0].field", org.hamcrest.Matchers.is("minBytes"));
    }

    /** One sample's value from the Prometheus text (0 when the series does not exist yet). */
    private static double metric(String series) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "(?:\\{[^}]*\\})? (\\S+)")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
