package io.nightshift.dispatcher;

import io.nightshift.dispatcher.progress.Progress;
import io.nightshift.dispatcher.testing.Api;
import io.nightshift.dispatcher.testing.S3Fixtures;
import io.nightshift.dispatcher.testing.SeenKafkaClients;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Settings a deployment makes (its own Quarkus profile): Kafka pass-through settings reach every Kafka client the
 * dispatcher makes, the SmallRye bucket-events consumer included; output locations with a prefix refuse other
 * output folders with 400 naming the field.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@TestProfile(DeploymentSettingsTest.Deployed.class)
class DeploymentSettingsTest {
    private static final String MAX_AGE = "300001";

    public static class Deployed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "nightshift.dispatcher.kafka.client.\"interceptor.classes\"", SeenKafkaClients.class.getName(),
                    "nightshift.dispatcher.kafka.client.\"metadata.max.age.ms\"", MAX_AGE,
                    "nightshift.dispatcher.output-locations", "nightshift-results/allowed/, nightshift-models/x/",
                    "nightshift.dispatcher.notifications.output-prefix", "allowed/notified/");
        }
    }

    @Inject
    Progress progress;

    @Test
    void everyKafkaClientGetsThePassThroughSettings() throws Exception {
        assertTrue(progress.awaitCaughtUp(Duration.ofSeconds(60))); // makes the end-offsets reader too
        List<String> expected = List.of("nightshift-dispatcher", "nightshift-dispatcher-batches",
                "nightshift-dispatcher-listing", "nightshift-dispatcher-progress", "nightshift-dispatcher-end-offsets",
                "bucket-events");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!expected.stream().allMatch(DeploymentSettingsTest::seen) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Map<String, Map<String, Object>> clients = SeenKafkaClients.clients();
        for (String id : expected) {
            Map<String, Object> config = clients.entrySet().stream().filter(e -> matches(e.getKey(), id))
                    .map(Map.Entry::getValue).findFirst()
                    .orElseThrow(() -> new AssertionError("no Kafka client '" + id + "' got the pass-through "
                            + "settings; clients that did: " + clients.keySet()));
            assertEquals(MAX_AGE, String.valueOf(config.get("metadata.max.age.ms")), id);
        }
    }

    @Test
    void outputFoldersOutsideTheLocationsAre400() {
        String prefix = S3Fixtures.uniquePrefix("locations");
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, Map.of(prefix + "IMG_1.NEF", 1));
        for (Map<String, Object> output : List.<Map<String, Object>>of(Map.of(), Map.of("outputPrefix", "allowedx/"),
                Map.of("outputBucket", "nightshift-models", "outputPrefix", "y/"))) {
            Map<String, Object> body = new java.util.HashMap<>(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET,
                    "sourcePrefix", prefix));
            body.putAll(output);
            given().contentType(ContentType.JSON).body(body).when().post("/api/batches")
                    .then().statusCode(400)
                    .body("fields.field", is(List.of("outputPrefix")))
                    .body("fields[0].message", containsString("[nightshift-results/allowed/, nightshift-models/x/]"));
        }
        given().contentType(ContentType.JSON)
                .body(Map.of("bucket", S3Fixtures.RAW_BUCKET, "key", prefix + "IMG_1.NEF", "outputPrefix", "out/"))
                .when().post("/api/jobs").then().statusCode(400).body("fields.field", is(List.of("outputPrefix")));
        String batchId = Api.postBatch(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix,
                "outputPrefix", "allowed/" + prefix), 202);
        assertEquals(1, Api.awaitEnd(batchId, Duration.ofMinutes(1)).getInt("total"));
    }

    private static boolean seen(String id) {
        return SeenKafkaClients.clients().keySet().stream().anyMatch(key -> matches(key, id));
    }

    /** The plain clients by their exact id; SmallRye's consumer by its channel's name in its id. */
    private static boolean matches(String clientId, String id) {
        return id.equals("bucket-events") ? clientId.contains(id) : clientId.equals(id);
    }
}
