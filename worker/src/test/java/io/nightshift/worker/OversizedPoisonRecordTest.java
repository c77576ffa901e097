package io.nightshift.worker;

import static io.nightshift.worker.testing.Fixtures.RAW_BUCKET;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.MinioClient;
import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.JobStatus;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.worker.testing.Fixtures;
import io.nightshift.worker.testing.TopicReader;
import io.nightshift.worker.testing.WorkerProcess;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A poison record near the topic's message limit, on a real broker whose jobs and dead-letter topics take at most
 * 16 kB per message: its base64 dead letter would not fit, so the worker stores the bytes in the object store and
 * the dead letter (which fits) says where; the partition's commits move past it and the good job behind it
 * completes. A real worker process (its own topics and group).
 */
class OversizedPoisonRecordTest {

    static final int LIMIT = 16_384;

    @Test
    void anUnparseableRecordNearTheLimitIsDeadLetteredByReferenceAndThePartitionMovesOn() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String jobsTopic = "nightshift.jobs.big-" + suffix;
        String deadLettersTopic = "nightshift.dead-letters.big-" + suffix;
        Map<String, String> small = Map.of("max.message.bytes", Integer.toString(LIMIT));
        Fixtures.createTopic(jobsTopic, 1, small);
        Fixtures.createTopic(deadLettersTopic, 1, small);
        String batch = Fixtures.batchId("big");
        String poisonId = batch + "-poison";
        // valid JSON with readable ids but an unknown format: INVALID_MESSAGE; padded to just under the limit
        String head = "{\"schemaVersion\":1,\"jobId\":\"" + poisonId + "\",\"batchId\":\"" + batch
                + "\",\"attempt\":1,\"format\":\"bmp\",\"padding\":\"";
        StringBuilder padding = new StringBuilder();
        SplittableRandom random = new SplittableRandom(16);
        while (head.length() + padding.length() + 2 < LIMIT - 300) {
            padding.append((char) ('a' + random.nextInt(26)));
        }
        byte[] poison = (head + padding + "\"}").getBytes(StandardCharsets.UTF_8);
        assertTrue(poison.length > LIMIT * 9 / 10 && poison.length * 4 / 3 > LIMIT, "near the limit, over it in base64");
        Job good = Fixtures.job(batch, "GOOD.DNG", OutputFormat.JPEG, 20.0);

        String group = jobsTopic + "-workers";
        Map<String, String> p = WorkerProcess.defaults("big");
        p.put("nightshift.worker.kafka.jobs-topic", jobsTopic);
        p.put("nightshift.worker.kafka.group", group);
        p.put("nightshift.worker.kafka.dead-letters-topic", deadLettersTopic);
        try (MinioClient s3 = Fixtures.stack().newS3Client();
                KafkaProducer<String, byte[]> producer = Fixtures.producer();
                TopicReader<JobResult> results = TopicReader.results();
                TopicReader<byte[]> deadLetters = TopicReader.values(deadLettersTopic);
                WorkerProcess worker = WorkerProcess.start("big", p)) {
            Fixtures.put(s3, RAW_BUCKET, good.source().key(), Fixtures.dng(400, 300, 5));
            Fixtures.sendRaw(producer, jobsTopic, poisonId, poison);
            Fixtures.send(producer, jobsTopic, good);

            List<JobResult> all = results.await(r -> r.batchId().equals(batch),
                    l -> l.size() >= 2 || !worker.isAlive(), Duration.ofSeconds(180));
            JobResult failed = all.stream().filter(r -> r.jobId().equals(poisonId)).findFirst()
                    .orElseThrow(() -> new AssertionError("no FAILED result for the poison record: " + all + "\n" + worker.log()));
            assertEquals(JobStatus.FAILED, failed.status());
            assertEquals(ErrorClass.INVALID_MESSAGE.name(), failed.errorClass());
            assertEquals(JobStatus.DONE, all.stream().filter(r -> r.jobId().equals(good.jobId())).findFirst()
                    .orElseThrow(() -> new AssertionError("the good job behind it: " + worker.log())).status());

            List<byte[]> letters = deadLetters.settle(v -> true, Duration.ofSeconds(5));
            assertEquals(1, letters.size(), "exactly one dead letter: " + worker.log());
            byte[] value = letters.get(0);
            assertTrue(value.length < 1024, "the dead letter fits well inside the limit: " + value.length + " bytes");
            DeadLetter letter = ProtocolJson.readDeadLetter(value);
            assertNull(letter.rawPayload(), "the bytes did not travel inline");
            assertEquals(ErrorClass.INVALID_MESSAGE.name(), letter.errorClass());
            // the wire form: {"rawPayloadStored": {"bucket", "key", "bytes", "sha256", "jobId", "batchId", "attempt"}}
            JsonNode stored = new ObjectMapper().readTree(value).get("rawPayloadStored");
            assertNotNull(stored, "the dead letter says where the bytes are: " + new String(value, StandardCharsets.UTF_8));
            assertEquals(poison.length, stored.get("bytes").asLong());
            assertEquals(poisonId, stored.get("jobId").asText());
            assertEquals(batch, stored.get("batchId").asText());
            assertEquals("nightshift-worker-state", stored.get("bucket").asText(), "the worker's own state, not the models bucket");
            String key = stored.get("key").asText();
            assertTrue(key.startsWith("dead-letter-payloads/"), key);
            byte[] kept = Fixtures.get(s3, "nightshift-worker-state", key);
            assertArrayEquals(poison, kept, "the original record's bytes, unchanged");
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(poison)),
                    stored.get("sha256").asText());

            // the partition's commits moved past both records
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            long committed = -1;
            try (Admin admin = Admin.create(Fixtures.stack().kafkaProperties())) {
                while (committed < 2 && System.nanoTime() < deadline) {
                    OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                            .get().get(new TopicPartition(jobsTopic, 0));
                    committed = offset == null ? -1 : offset.offset();
                    Thread.sleep(200);
                }
            }
            assertEquals(2, committed, "committed past the poison record and the good job");
            assertTrue(worker.log().contains("bytes stored at nightshift-worker-state/dead-letter-payloads/"),
                    worker.log());
            worker.stop(Duration.ofSeconds(30));
        }
    }
}
