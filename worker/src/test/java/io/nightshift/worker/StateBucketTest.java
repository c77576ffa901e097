package io.nightshift.worker;

import static io.nightshift.worker.testing.InProcessWorkers.awaitServing;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import io.nightshift.worker.app.Worker;
import io.nightshift.worker.config.StorageConfig;
import io.nightshift.worker.config.WorkerConfig;
import io.nightshift.worker.testing.Fixtures;
import io.nightshift.worker.testing.InProcessWorkers;
import io.nightshift.worker.testing.InProcessWorkers.Topics;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A worker whose state location lies in a bucket that does not exist (a deployment that has not created
 * {@code nightshift-worker-state} yet) does not start: it takes no job — each would fail its crash ledger's first read
 * — retries, says why, and starts once the bucket is there.
 */
class StateBucketTest {

    @Test
    void aMissingStateBucketHoldsTheStartUntilItExists() throws Exception {
        Topics topics = Topics.create("state-bucket");
        long seed = Math.abs(System.nanoTime() % 1_000_000) + 5000;
        String bucket = "state-" + UUID.randomUUID().toString().substring(0, 8);
        try (MinioClient s3 = Fixtures.stack().newS3Client()) {
            String set = InProcessWorkers.publish(InProcessWorkers.publisher(s3, topics, "default"), seed);
            Map<String, String> settings = InProcessWorkers.settings("state-bucket", topics);
            settings.put("nightshift.worker.state.location", bucket + "/fleet-a");
            settings.put("nightshift.worker.start.initial-backoff", "200ms");
            settings.put("nightshift.worker.start.max-backoff", "500ms");
            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .withSources(new PropertiesConfigSource(settings, "test", 500))
                    .withConverter(Duration.class, 200, new DurationConverter())
                    .withMapping(WorkerConfig.class).withMapping(StorageConfig.class).build();
            try (Worker worker = Worker.create(config.getConfigMapping(WorkerConfig.class),
                    config.getConfigMapping(StorageConfig.class), new SimpleMeterRegistry())) {
                Thread start = new Thread(() -> worker.start(settings.get("kafka.bootstrap.servers")), "test-start");
                start.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (worker.startFailures() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertTrue(worker.startFailures() >= 2, "the start is retried");
                assertFalse(worker.consuming(), "no job is taken meanwhile");
                String why = worker.lastStartFailure().orElse("");
                assertTrue(why.contains(bucket + "/fleet-a/") && why.contains("does not exist"), why);

                s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                awaitServing(worker, set, Duration.ofSeconds(60));
                deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!worker.consuming() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertTrue(worker.consuming(), "it starts once the bucket exists");
                start.join(10_000);
            } finally {
                try {
                    s3.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
                } catch (Exception e) {
                    // not empty or already gone: the test stack is temporary
                }
            }
        }
    }
}
