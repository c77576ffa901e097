package io.nightshift.dispatcher.testing;

import io.nightshift.protocol.Camera;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.RatioSource;
import io.nightshift.protocol.Topic;
import io.nightshift.stack.LocalStack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Publishes real protocol-v1 result events to the results topic, as a worker would (keyed by job id), and reads
 * back what is there (the real worker's, in the page test).
 */
public final class ResultsTopic {
    /** The camera the test results name. */
    public static final Camera TEST_CAMERA = new Camera("Nightshift", "Test");

    private ResultsTopic() {
    }

    public static JobResult done(Job job, int attempt) {
        return new JobResult(job.jobId(), job.batchId(), attempt, io.nightshift.protocol.JobStatus.DONE,
                job.output().key(), Map.of(), "test-models-1", 100.0, RatioSource.ESTIMATED, TEST_CAMERA, Map.of(),
                "test-worker", null, null, Instant.now());
    }

    /** A DONE result naming its JPEG previews, as the worker reports them. */
    public static JobResult doneWithPreviews(Job job, int attempt, String inputPreviewKey, String resultPreviewKey) {
        return new JobResult(job.jobId(), job.batchId(), attempt, io.nightshift.protocol.JobStatus.DONE,
                job.output().key(), Map.of(JobResult.PREVIEW_INPUT, inputPreviewKey, JobResult.PREVIEW_RESULT,
                resultPreviewKey), "test-models-1", 100.0, RatioSource.ESTIMATED, TEST_CAMERA, Map.of(), "test-worker",
                null, null, Instant.now());
    }

    public static JobResult failed(Job job, int attempt, ErrorClass errorClass, String reason) {
        return JobResult.failed(job.jobId(), job.batchId(), attempt, errorClass, reason, Map.of(), "test-worker",
                Instant.now());
    }

    /** Sends the results in this order and waits until the broker holds them all. */
    public static void publish(JobResult... results) {
        Properties p = LocalStack.shared().kafkaProperties();
        p.put("acks", "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (JobResult result : results) {
                producer.send(new ProducerRecord<>(Topic.RESULTS.topicName(), result.jobId(), ProtocolJson.write(result)));
            }
            producer.flush();
        }
    }

    /** Every result event of the batch on the results topic, in the topic's order per job. */
    public static List<JobResult> ofBatch(String batchId) {
        return TopicReader.readAll(Topic.RESULTS.topicName()).stream()
                .map(record -> ProtocolJson.readResult(record.value()))
                .filter(result -> result.batchId().equals(batchId))
                .toList();
    }
}
