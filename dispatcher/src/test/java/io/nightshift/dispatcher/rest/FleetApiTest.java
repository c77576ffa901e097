package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.testing.Api;
import io.nightshift.dispatcher.testing.ResultsTopic;
import io.nightshift.dispatcher.testing.S3Fixtures;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.JobStatus;
import io.nightshift.protocol.RatioSource;
import io.nightshift.protocol.Topic;
import io.nightshift.stack.LocalStack;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fleet panel's figures from the real broker: a member of the workers' group (a consumer named as a worker
 * names its own) is alive with the partitions it holds, the group's lag is the jobs published after its commit,
 * recent results give each worker's model set and count, a worker that left the group shows as not alive, and a
 * running batch gets an ETA from the fleet's rate.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@TestProfile(FleetApiTest.OwnGroup.class)
class FleetApiTest {
    static final String GROUP = "fleet-test-" + UUID.randomUUID();

    public static class OwnGroup implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nightshift.dispatcher.fleet.worker-group", GROUP);
        }
    }

    @Test
    void membersLagResultsAndEtas() throws Exception {
        String a = "w-fleet-a-" + UUID.randomUUID().toString().substring(0, 8);
        String b = "w-fleet-b-" + UUID.randomUUID().toString().substring(0, 8);
        ResultsTopic.publish(result(a, "set-a"), result(a, "set-a"), result(a, "set-a"), result(b, "set-b"));

        Properties p = LocalStack.shared().kafkaProperties();
        p.put("group.id", GROUP);
        p.put("client.id", "nightshift-worker-" + a);
        p.put("enable.auto.commit", "false");
        Set<TopicPartition> held;
        try (KafkaConsumer<String, byte[]> member = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            member.subscribe(List.of(Topic.JOBS.topicName()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (member.assignment().isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "no partitions assigned");
                member.poll(Duration.ofMillis(200));
            }
            held = member.assignment();
            Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
            member.endOffsets(held).forEach((tp, offset) -> end.put(tp, new OffsetAndMetadata(offset)));
            member.commitSync(end);
            publishJobRecords(2);

            JsonPath fleet = await(f -> f.getLong("lag") == 2 && worker(f, a) != null);
            Map<String, Object> alive = worker(fleet, a);
            assertEquals(true, alive.get("alive"));
            assertEquals(held.stream().map(TopicPartition::partition).sorted().toList(), alive.get("partitions"));
            assertEquals("set-a", alive.get("modelSet"));
            assertEquals(3, alive.get("resultsLast10Min"));
            Map<String, Object> gone = worker(fleet, b);
            assertNotNull(gone, "a worker with recent results is listed");
            assertEquals(false, gone.get("alive"));
            assertEquals("set-b", gone.get("modelSet"));
            assertTrue(fleet.getDouble("imagesPerMinute") >= 0.4, "4 results in 10 min at least");
            assertEquals(GROUP, fleet.getString("group"));
        }

        JsonPath left = await(f -> worker(f, a) != null && Boolean.FALSE.equals(worker(f, a).get("alive")));
        assertEquals(List.of(), worker(left, a).get("partitions"));

        String prefix = S3Fixtures.uniquePrefix("fleet");
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, Map.of(prefix + "a.NEF", 1, prefix + "b.NEF", 1, prefix + "c.NEF", 1));
        String batchId = Api.postBatch(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix), 202);
        Api.awaitEnd(batchId, Duration.ofMinutes(1));
        JsonPath eta = await(f -> f.getList("batches.batchId").contains(batchId));
        Map<String, Object> batch = eta.getMap("batches.find { it.batchId == '" + batchId + "' }");
        assertEquals(3, batch.get("queued"));
        double perMinute = eta.getDouble("imagesPerMinute");
        assertEquals(Math.round(3 / perMinute * 60), ((Number) batch.get("etaSeconds")).longValue());
        assertFalse(eta.getList("workers").isEmpty());
    }

    private static JobResult result(String workerId, String modelSet) {
        return new JobResult("fleet-" + UUID.randomUUID(), "fleet-batch-" + workerId, 1, JobStatus.DONE,
                "enhanced/x.png", Map.of(), modelSet, 1.0, RatioSource.ESTIMATED, null, Map.of(), workerId, null, null,
                Instant.now());
    }

    private static void publishJobRecords(int count) {
        Properties p = LocalStack.shared().kafkaProperties();
        p.put("acks", "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                String jobId = "fleet-lag-" + UUID.randomUUID();
                Job job = new Job(jobId, "fleet-lag", 1, new ObjectRef("nightshift-raw", "fleet/" + i + ".NEF"),
                        new ObjectRef("nightshift-results", "fleet/" + i + ".png"), OutputFormat.PNG16, null,
                        Instant.now());
                producer.send(new ProducerRecord<>(Topic.JOBS.topicName(), jobId, ProtocolJson.write(job)));
            }
            producer.flush();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> worker(JsonPath fleet, String workerId) {
        return (Map<String, Object>) fleet.getList("workers", Map.class).stream()
                .filter(w -> workerId.equals(w.get("workerId"))).findFirst().orElse(null);
    }

    private static JsonPath await(Predicate<JsonPath> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonPath fleet = given().get("/api/fleet").then().statusCode(200).extract().jsonPath();
            if (condition.test(fleet)) {
                return fleet;
            }
            assertTrue(System.nanoTime() < deadline, "the fleet never showed it: " + fleet.prettify());
            Thread.sleep(250);
        }
    }
}
