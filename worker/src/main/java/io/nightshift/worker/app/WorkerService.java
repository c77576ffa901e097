package io.nightshift.worker.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.nightshift.worker.config.StorageConfig;
import io.nightshift.worker.config.WorkerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The Quarkus application's hold on its {@link Worker}: started off the start-up thread (HTTP, health and
 * metrics answer at once; readiness stays DOWN until the worker takes jobs, the start retries what the broker and
 * the object store refuse, and liveness goes DOWN when it has not started within
 * {@code nightshift.worker.start.deadline}), closed gracefully at shutdown
 * (SIGTERM: stop taking jobs, finish the jobs in flight within {@code nightshift.worker.shutdown-grace},
 * abandon the rest uncommitted, leave the group).
 */
@ApplicationScoped
public class WorkerService {

    private static final Logger LOG = Logger.getLogger(WorkerService.class);

    @Inject
    WorkerConfig config;

    @Inject
    StorageConfig storage;

    @Inject
    MeterRegistry meters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** Off in tests that start their own {@link Worker} or none. */
    @ConfigProperty(name = "nightshift.worker.enabled", defaultValue = "true")
    boolean enabled;

    private volatile Worker worker;
    private volatile String startFailure;
    private volatile boolean stopping;
    private volatile Instant startRequested;
    private Thread starter;

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            LOG.info("worker disabled (nightshift.worker.enabled=false)");
            return;
        }
        startRequested = Instant.now();
        starter = new Thread(this::startWorker, "nightshift-worker-start");
        starter.start();
    }

    private void startWorker() {
        Worker created;
        try {
            created = Worker.create(config, storage, meters);
        } catch (RuntimeException e) {
            // the configuration or the engine: no retry mends it; liveness goes DOWN at the start deadline
            startFailure = e.getMessage();
            LOG.errorf("the worker cannot be set up: %s (not retried; liveness DOWN %d s after start)", e.getMessage(),
                    config.start().deadline().toSeconds());
            return;
        }
        synchronized (this) {
            if (stopping) {
                created.close();
                return;
            }
            worker = created;
        }
        try {
            created.start(bootstrapServers); // retries what the broker and the object store refuse
        } catch (RuntimeException e) {
            startFailure = e.getMessage();
            LOG.errorf(e, "the worker could not start: %s", e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        Worker w;
        synchronized (this) {
            stopping = true;
            w = worker;
        }
        if (w != null) {
            w.close();
        }
    }

    /**
     * Whether the worker has not taken jobs although its start was asked for longer than
     * {@code nightshift.worker.start.deadline} ago: it is stuck (the broker or the object store unreachable all
     * that time, no usable model set, a set-up error), and liveness says so, so that it is replaced.
     */
    public boolean startOverdue() {
        Instant requested = startRequested;
        if (requested == null) {
            return false;
        }
        Worker w = worker;
        if (w != null && w.started()) {
            return false;
        }
        return Instant.now().isAfter(requested.plus(config.start().deadline()));
    }

    /** The start deadline ({@code nightshift.worker.start.deadline}). */
    public Duration startDeadline() {
        return config.start().deadline();
    }

    /** The worker, once set up (it may still be starting: {@link Worker#started()}). */
    public Optional<Worker> worker() {
        return Optional.ofNullable(worker);
    }

    /** Why the worker could not start, if it could not. */
    public Optional<String> startFailure() {
        return Optional.ofNullable(startFailure);
    }
}
