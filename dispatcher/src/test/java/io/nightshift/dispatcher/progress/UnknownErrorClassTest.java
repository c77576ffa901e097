package io.nightshift.dispatcher.progress;

import io.nightshift.dispatcher.testing.Api;
import io.nightshift.dispatcher.testing.JobsTopic;
import io.nightshift.dispatcher.testing.S3Fixtures;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.Topic;
import io.nightshift.stack.LocalStack;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker newer than this dispatcher reports a failure of an error class the dispatcher does not know (protocol
 * v1 adds classes): the job counts as failed, listed with the class as the worker wrote it, instead of the result
 * being skipped as unreadable and the job showing queued for ever.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class UnknownErrorClassTest {

    @Inject
    Progress progress;

    @Test
    void aFailureOfAClassThisVersionDoesNotKnowCountsAsFailedAndShowsItsName() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("unknown-class");
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, Map.of(prefix + "a.NEF", 0));
        String batchId = Api.postBatch(Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix), 202);
        assertEquals(1, Api.awaitEnd(batchId, Duration.ofMinutes(1)).getInt("total"));
        Job job = JobsTopic.ofBatch(batchId).get(0);

        // written as a later worker writes it: the wire form of today's FAILED result with another class name
        String known = new String(ProtocolJson.write(JobResult.failed(job.jobId(), job.batchId(), 1,
                ErrorClass.INTERNAL, "the GPU fell off the bus", Map.of(), "worker-from-the-future", Instant.now())),
                StandardCharsets.UTF_8);
        String later = known.replace("\"errorClass\":\"INTERNAL\"", "\"errorClass\":\"GPU_ON_FIRE\"");
        assertTrue(later.contains("GPU_ON_FIRE"), later);
        Properties p = LocalStack.shared().kafkaProperties();
        p.put("acks", "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topic.RESULTS.topicName(), job.jobId(),
                    later.getBytes(StandardCharsets.UTF_8))).get();
        }
        assertTrue(progress.awaitCaughtUp(Duration.ofSeconds(60)), "progress read the results topic to its end");

        JsonPath batch = Api.batch(batchId);
        assertEquals(List.of(0, 1, 0), List.of(batch.getInt("done"), batch.getInt("failed"), batch.getInt("queued")),
                "done, failed, queued: " + batch.prettify());
        JsonPath failures = given().when().get("/api/batches/" + batchId + "/failures").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("GPU_ON_FIRE"), failures.getList("items.errorClass"));
        assertEquals(List.of("the GPU fell off the bus"), failures.getList("items.reason"));
    }
}
