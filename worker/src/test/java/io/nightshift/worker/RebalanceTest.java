package io.nightshift.worker;

import static io.nightshift.worker.testing.InProcessWorkers.awaitServing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.worker.app.Worker;
import io.nightshift.worker.testing.Fixtures;
import io.nightshift.worker.testing.InProcessWorkers;
import io.nightshift.worker.testing.InProcessWorkers.Topics;
import io.nightshift.worker.testing.TcpProxy;
import io.nightshift.worker.testing.TopicReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Partitions and rebalances, with in-process workers on a jobs topic of their own.
 */
class RebalanceTest {

    private static final Duration LOAD = Duration.ofSeconds(90);

    /**
     * A worker beyond the partition count holds nothing and takes no jobs, though it is ready: the partitions gauge
     * (0) and its health say so. Before, nothing showed which partitions a worker held.
     */
    @Test
    void aWorkerBeyondThePartitionCountShowsItHoldsNone() throws Exception {
        Topics topics = Topics.create("idle-replica"); // one partition
        long seed = Math.abs(System.nanoTime() % 1_000_000) + 3000;
        SimpleMeterRegistry firstMeters = new SimpleMeterRegistry();
        SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();
        try (MinioClient s3 = Fixtures.stack().newS3Client()) {
            String set = InProcessWorkers.publish(InProcessWorkers.publisher(s3, topics, "default"), seed);
            try (Worker first = InProcessWorkers.start(InProcessWorkers.settings("idle-first", topics), firstMeters)) {
                awaitServing(first, set, LOAD);
                await(() -> gauge(firstMeters) == 1.0, Duration.ofSeconds(30), "the first worker holds partition 0");
                try (Worker second = InProcessWorkers.start(InProcessWorkers.settings("idle-second", topics),
                        secondMeters)) {
                    awaitServing(second, set, LOAD);
                    await(() -> second.partitions().startsWith("none"), Duration.ofSeconds(30),
                            "the second worker was assigned (nothing)");
                    assertEquals(0.0, gauge(secondMeters), "the replica beyond the partition count holds none");
                    assertTrue(second.partitions().contains("idle"), second.partitions());
                    assertEquals("none of 1 (idle: the group's other workers hold them all; this one takes no jobs)",
                            second.partitions());
                    assertEquals(1.0, gauge(firstMeters));
                    assertEquals("0 of 1", first.partitions());
                }
            }
        }
    }

    /**
     * Jobs of partitions taken away by a rebalance give their slots back unless already uploading: a worker whose
     * object store is cut holds four jobs retrying their download, two on each partition; a second worker joins and
     * takes one partition; the first gives up that partition's two jobs at once (its in-flight count drops to two) and
     * the second runs them. Once the first's store is back it finishes its own two: every job has exactly one result.
     * Before, the first kept the revoked jobs in its slots and, once its store was back, ran them a second time.
     */
    @Test
    void jobsOfARevokedPartitionGiveUpTheirSlotsUnlessUploading() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Topics topics = new Topics("test.model-sets.revoke-" + suffix, "test.jobs.revoke-" + suffix);
        Fixtures.createTopic(topics.modelSets(), 1);
        Fixtures.createTopic(topics.jobs(), 2);
        long seed = Math.abs(System.nanoTime() % 1_000_000) + 4000;
        URI endpoint = URI.create(Fixtures.stack().s3Endpoint());
        SimpleMeterRegistry firstMeters = new SimpleMeterRegistry();
        String batch = Fixtures.batchId("revoke");
        try (MinioClient s3 = Fixtures.stack().newS3Client(); TcpProxy store = new TcpProxy(endpoint.getPort());
             KafkaProducer<String, byte[]> producer = Fixtures.producer();
             TopicReader<JobResult> results = TopicReader.results()) {
            String set = InProcessWorkers.publish(InProcessWorkers.publisher(s3, topics, "default"), seed);
            List<Job> jobs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Job job = Fixtures.job(batch, "frame-" + i + ".dng", OutputFormat.JPEG, 50.0);
                Fixtures.put(s3, Fixtures.RAW_BUCKET, job.source().key(), Fixtures.dng(160, 120, seed + i));
                jobs.add(job);
            }
            Map<String, String> firstSettings = InProcessWorkers.settings("revoke-first", topics);
            firstSettings.put("nightshift.storage.endpoint", "http://127.0.0.1:" + store.port());
            firstSettings.put("nightshift.worker.pipeline.max-in-flight", "4");
            try (Worker first = InProcessWorkers.start(firstSettings, firstMeters)) {
                awaitServing(first, set, LOAD);
                await(() -> first.partitions().equals("0, 1 of 2"), Duration.ofSeconds(30), "the first worker holds both");
                store.cut();
                for (int i = 0; i < jobs.size(); i++) { // two jobs on each partition
                    producer.send(new ProducerRecord<>(topics.jobs(), i % 2, jobs.get(i).jobId(),
                            ProtocolJson.write(jobs.get(i)))).get();
                }
                await(() -> first.consumer().inFlight() == 4, Duration.ofSeconds(30), "four jobs in flight, retrying");

                try (Worker second = InProcessWorkers.start(InProcessWorkers.settings("revoke-second", topics),
                        new SimpleMeterRegistry())) {
                    awaitServing(second, set, LOAD);
                    await(() -> first.consumer().heldPartitions().size() == 1, Duration.ofSeconds(60),
                            "a partition moved to the second worker");
                    int kept = first.consumer().heldPartitions().get(0);
                    await(() -> first.consumer().inFlight() == 2, Duration.ofSeconds(20),
                            "the revoked partition's two jobs gave their slots back (in flight: "
                                    + first.consumer().inFlight() + ")");
                    List<String> moved = new ArrayList<>();
                    for (int i = 0; i < jobs.size(); i++) {
                        if (i % 2 != kept) {
                            moved.add(jobs.get(i).jobId());
                        }
                    }
                    List<JobResult> byTheSecond = results.await(r -> moved.contains(r.jobId()),
                            l -> l.size() >= 2, Duration.ofSeconds(60));
                    assertEquals(2, byTheSecond.size(), "the second worker ran the given-up jobs: " + byTheSecond);
                    byTheSecond.forEach(r -> assertEquals("revoke-second", r.workerId()));

                    store.restore();
                    List<JobResult> all = results.await(r -> r.batchId().equals(batch), l -> l.size() >= 4,
                            Duration.ofSeconds(60));
                    assertEquals(4, all.size(), "four results: " + all);
                    Map<String, Long> perJob = results.settle(r -> r.batchId().equals(batch), Duration.ofSeconds(5))
                            .stream().collect(Collectors.groupingBy(JobResult::jobId, Collectors.counting()));
                    assertEquals(4, perJob.size());
                    perJob.forEach((job, n) -> assertEquals(1L, n, job + " ran once: " + perJob));
                    Counter abandoned = firstMeters.find("nightshift.worker.jobs").tag("outcome", "abandoned").counter();
                    assertNotNull(abandoned, "the given-up jobs are counted");
                    assertEquals(2.0, abandoned.count());
                }
            }
        }
    }

    private static double gauge(SimpleMeterRegistry meters) {
        Gauge g = meters.find("nightshift.worker.partitions.assigned").gauge();
        assertNotNull(g, "nightshift_worker_partitions_assigned is registered");
        return g.value();
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }
}
