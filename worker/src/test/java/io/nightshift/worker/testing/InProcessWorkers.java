package io.nightshift.worker.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.minio.MinioClient;
import io.nightshift.inference.registry.RandomModelSet;
import io.nightshift.modelstore.ModelSetPublisher;
import io.nightshift.worker.app.Worker;
import io.nightshift.worker.config.StorageConfig;
import io.nightshift.worker.config.WorkerConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Workers ({@code Worker}, no Quarkus) inside the test JVM on the test stack, each test on its own model-set topic
 * and jobs topic, so that what it announces reaches no other test's worker.
 */
public final class InProcessWorkers {

    private InProcessWorkers() {
    }

    /**
     * {@link WorkerProcess#defaults}, on a model-set topic and a jobs topic of their own (created here, also for
     * the other workers of the test: pass the same {@code topics}) and no default set published.
     */
    public static Map<String, String> settings(String id, Topics topics) {
        Map<String, String> p = WorkerProcess.defaults(id);
        p.put("nightshift.worker.models.topic", topics.modelSets());
        p.put("nightshift.worker.models.publish-default-when-none", "false");
        p.put("nightshift.worker.kafka.jobs-topic", topics.jobs());
        p.put("nightshift.worker.kafka.group", topics.jobs() + "-workers");
        return p;
    }

    /** A test's own topics. */
    public record Topics(String modelSets, String jobs) {
        public static Topics create(String name) throws Exception {
            String suffix = name + "-" + UUID.randomUUID().toString().substring(0, 8);
            Topics topics = new Topics("test.model-sets." + suffix, "test.jobs." + suffix);
            Fixtures.createTopic(topics.modelSets(), 1);
            Fixtures.createTopic(topics.jobs(), 1);
            return topics;
        }
    }

    /** Sets a worker up and starts it ({@code Worker.start}) with these settings. */
    public static Worker start(Map<String, String> settings, MeterRegistry meters) throws Exception {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(settings, "test", 500))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(WorkerConfig.class).withMapping(StorageConfig.class)
                .build();
        return Worker.start(config.getConfigMapping(WorkerConfig.class), config.getConfigMapping(StorageConfig.class),
                settings.get("kafka.bootstrap.servers"), meters);
    }

    /** Publishes (uploads and announces) a generated set; its version. */
    public static String publish(ModelSetPublisher publisher, long seed) throws Exception {
        Path folder = Files.createTempDirectory("nightshift-set-");
        RandomModelSet.write(folder, seed, "a worker test");
        return publisher.publish(folder).manifest().setVersion();
    }

    /** A publisher on the test's model-set topic and {@code channel}. */
    public static ModelSetPublisher publisher(MinioClient s3, Topics topics, String channel) {
        return new ModelSetPublisher(s3, "nightshift-models", Fixtures.stack().kafkaProperties(), topics.modelSets(),
                channel);
    }

    /** Waits until the worker serves {@code version}; fails naming what it serves instead. */
    public static void awaitServing(Worker worker, String version, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!worker.models().serving().filter(version::equals).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(version, worker.models().serving().orElse("nothing"), worker.workerId() + " serves " + version
                + " within " + timeout.toSeconds() + " s (registry " + worker.models() + ")");
    }
}
