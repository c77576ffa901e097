package io.nightshift.worker.app;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nightshift.worker.config.StorageConfig;
import io.nightshift.worker.config.WorkerConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The worker as a plain process, without Quarkus (no HTTP, health or Prometheus endpoint): the same
 * {@link Worker} and the same configuration keys and defaults ({@link WorkerConfig}, {@link StorageConfig},
 * {@code kafka.bootstrap.servers}), read from system properties and the environment. The process tests start
 * it when a worker must really die (SIGKILL, a native crash), because they run before the Quarkus application
 * is packaged; the worker benchmark runs it too. SIGTERM (or Ctrl-C) is a graceful shutdown.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        ConsoleLogging.install();
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .addDefaultInterceptors() // ${ENV:default} expressions, as in the Quarkus application
                // Quarkus's duration syntax (30s, 200ms) as well as ISO-8601, as in the Quarkus application
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(WorkerConfig.class)
                .withMapping(StorageConfig.class)
                .build();
        String bootstrap = config.getOptionalValue("kafka.bootstrap.servers", String.class)
                .orElse(System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        Worker worker = Worker.create(config.getConfigMapping(WorkerConfig.class),
                config.getConfigMapping(StorageConfig.class), new SimpleMeterRegistry());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close(); // also ends a start that is still retrying
            stopped.countDown();
        }, "nightshift-worker-shutdown"));
        worker.start(bootstrap);
        System.out.println("worker " + worker.workerId() + " started");
        stopped.await();
    }
}
