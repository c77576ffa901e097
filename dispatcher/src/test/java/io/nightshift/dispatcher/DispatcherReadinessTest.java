package io.nightshift.dispatcher;

import io.nightshift.dispatcher.progress.Progress;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.JobStatus;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.RatioSource;
import io.nightshift.protocol.Topic;
import io.nightshift.stack.LocalStack;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dispatcher boots against the real local stack (no Dev Services) and is ready once the broker answers and
 * it has read everything that was on its topics when it started: before that its counts are partial.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class DispatcherReadinessTest {
    private static final int BACKLOG = 150_000;

    @Inject
    Progress progress;

    @Test
    void readyWithARealBrokerRoundTrip() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("Kafka connection health check"))
                .body("checks.name", hasItem("nightshift dispatcher caught up"));
    }

    @Test
    void notReadyWhileReadingTheResultsAgainAfterARestart() throws Exception {
        String batchId = "readiness-" + System.nanoTime();
        Properties p = LocalStack.shared().kafkaProperties();
        p.put("acks", "1");
        p.put("linger.ms", "20");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < BACKLOG; i++) {
                String jobId = batchId + "-" + i;
                producer.send(new ProducerRecord<>(Topic.RESULTS.topicName(), jobId, ProtocolJson.write(new JobResult(
                        jobId, batchId, 1, JobStatus.DONE, "out/" + jobId + ".png", Map.of(), "m", 10.0,
                        RatioSource.ESTIMATED, null, Map.of(), "w", null, null, Instant.now()))));
            }
            producer.flush();
        }
        assertTrue(progress.awaitCaughtUp(Duration.ofSeconds(60)));

        progress.restart(); // reads both topics again from their start: tens of thousands of records
        int status = given().when().get("/q/health/ready").then().extract().statusCode();
        assertEquals(503, status, "not ready while progress reads its backlog again");

        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (given().when().get("/q/health/ready").then().extract().statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "ready again once caught up");
            Thread.sleep(200);
        }
        assertEquals(BACKLOG, (int) progress.counts(batchId).done(), "every result counted once ready");
    }
}
