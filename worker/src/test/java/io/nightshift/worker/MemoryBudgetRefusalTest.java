package io.nightshift.worker;

import static io.nightshift.worker.testing.Fixtures.RAW_BUCKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.MinioClient;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.JobStatus;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.worker.testing.Fixtures;
import io.nightshift.worker.testing.TopicReader;
import io.nightshift.worker.testing.WorkerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * A worker whose memory budget holds frames of about 1 MP (budget 800 MiB, reserve 256 MiB, heap 512 MiB: 32 MiB
 * left outside the heap, at {@code MemoryBudget.NATIVE_BYTES_PER_PIXEL}): a real 3 MP frame and a header that declares 48 MP over 4 kB of data are refused as
 * TOO_LARGE naming the budget — from the header, before LibRaw unpacks (the 48 MP file holds no such data: unpacking
 * would have failed otherwise) — while a small frame beside them completes. A real worker process.
 */
class MemoryBudgetRefusalTest {

    @Test
    void framesTheBudgetCannotHoldAreRefusedFromTheHeaderBeforeUnpacking() throws Exception {
        String topic = "nightshift.jobs.budget-" + UUID.randomUUID().toString().substring(0, 6);
        Fixtures.createTopic(topic, 1);
        String batch = Fixtures.batchId("budget");
        Job small = Fixtures.job(batch, "SMALL.DNG", OutputFormat.JPEG, 20.0);
        Job threeMp = Fixtures.job(batch, "THREE_MP.DNG", OutputFormat.JPEG, 20.0);
        Job declared = Fixtures.job(batch, "DECLARES_48MP.DNG", OutputFormat.JPEG, 20.0);
        Map<String, String> p = WorkerProcess.defaults("budget");
        p.put("nightshift.worker.kafka.jobs-topic", topic);
        p.put("nightshift.worker.kafka.group", topic + "-workers");
        p.put("nightshift.worker.memory.budget", "800m");
        p.put("nightshift.worker.memory.reserve", "256m");
        try (MinioClient s3 = Fixtures.stack().newS3Client();
                KafkaProducer<String, byte[]> producer = Fixtures.producer();
                TopicReader<JobResult> results = TopicReader.results();
                WorkerProcess worker = WorkerProcess.start("budget", p)) {
            Fixtures.put(s3, RAW_BUCKET, small.source().key(), Fixtures.dng(400, 300, 1));
            Fixtures.put(s3, RAW_BUCKET, threeMp.source().key(), Fixtures.dng(2000, 1500, 2));
            byte[] header = Fixtures.dngDeclaring(8000, 6000);
            assertTrue(header.length < 16_000, "no 48 MP of data behind the header: " + header.length);
            Fixtures.put(s3, RAW_BUCKET, declared.source().key(), header);
            for (Job job : List.of(threeMp, declared, small)) {
                Fixtures.send(producer, topic, job);
            }
            Map<String, JobResult> byJob = results.await(r -> r.batchId().equals(batch),
                    l -> l.size() >= 3 || !worker.isAlive(), Duration.ofSeconds(180)).stream()
                    .collect(Collectors.toMap(JobResult::jobId, Function.identity(), (a, b) -> b));
            assertEquals(3, byJob.size(), worker.log());
            assertEquals(JobStatus.DONE, byJob.get(small.jobId()).status(), "the frame that fits completes");
            for (Job refused : List.of(threeMp, declared)) {
                JobResult r = byJob.get(refused.jobId());
                assertEquals(JobStatus.FAILED, r.status(), r.toString());
                assertEquals(ErrorClass.TOO_LARGE.name(), r.errorClass(), r.reason());
                assertTrue(r.reason().contains("memory budget of 800 MiB (configured) less its heap of 512 MiB"),
                        r.reason());
            }
            assertTrue(byJob.get(declared.jobId()).reason().contains("declares 48000000 pixels"),
                    byJob.get(declared.jobId()).reason());
            assertTrue(worker.log().contains("memory budget 800 MiB (configured), reserve 256 MiB, heap max 512 MiB"),
                    worker.log());
            worker.stop(Duration.ofSeconds(30));
        }
    }
}
