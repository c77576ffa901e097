package io.nightshift.worker.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.nightshift.worker.config.StorageConfig;
import io.nightshift.worker.config.WorkerConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The Quarkus application's hold on its {@link Worker}: started off the start-up thread (HTTP, health and
 * metrics answer at once; readiness stays DOWN until a model set serves), closed gracefully at shutdown
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
    private Thread starter;

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            LOG.info("worker disabled (nightshift.worker.enabled=false)");
            return;
        }
        starter = new Thread(() -> {
            try {
                Worker started = Worker.start(config, storage, bootstrapServers, meters);
                if (stopping) {
                    started.close();
                } else {
                    worker = started;
                }
            } catch (Exception e) {
                startFailure = e.getMessage();
                LOG.errorf(e, "the worker could not start: %s", e.getMessage());
            }
        }, "nightshift-worker-start");
        starter.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        Worker w = worker;
        if (w != null) {
            w.close();
        }
    }

    /** The running worker, if it started. */
    public Optional<Worker> worker() {
        return Optional.ofNullable(worker);
    }

    /** Why the worker could not start, if it could not. */
    public Optional<String> startFailure() {
        return Optional.ofNullable(startFailure);
    }
}
