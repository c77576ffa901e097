package io.nightshift.worker.health;

import io.nightshift.inference.registry.RegistryStatus;
import io.nightshift.worker.app.Worker;
import io.nightshift.worker.app.WorkerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when a model set serves, the object store answers and the worker consumes jobs. Kafka's own
 * round trip is the Quarkus Kafka client's readiness check beside this one. While the start retries, its data
 * say so ({@code state}, {@code startFailures}, {@code lastStartFailure}); an announced set that cannot be loaded
 * yet shows as {@code modelSetPending} (the worker stays ready on the set it serves). While the environment fails
 * (the object store at the worker's own location, the engine's resources) the worker holds its jobs: DOWN, with
 * {@code holdingJobs} saying why.
 */
@Readiness
@ApplicationScoped
public class WorkerReadiness implements HealthCheck {

    @Inject
    WorkerService service;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("nightshift worker");
        Optional<Worker> running = service.worker();
        if (running.isEmpty()) {
            return response.down().withData("state", service.startFailure().map(f -> "start failed: " + f)
                    .orElse("starting")).build();
        }
        Worker worker = running.get();
        RegistryStatus models = worker.models();
        boolean storage = worker.storageReachable();
        boolean consuming = worker.consuming();
        response.withData("workerId", worker.workerId())
                .withData("modelSet", models.serving().orElse("none"))
                .withData("registry", models.state().name())
                .withData("objectStore", storage ? "reachable" : "unreachable")
                .withData("consuming", consuming);
        if (consuming) {
            // ready as it is, but a worker holding no partition takes no jobs: say so
            response.withData("partitions", worker.partitions());
        }
        models.lastFailure().ifPresent(f -> response.withData("lastModelSetRefused", f.getMessage()));
        if (!worker.connected()) {
            response.withData("state", "starting");
            response.withData("startFailures", worker.startFailures());
            worker.lastStartFailure().ifPresent(f -> response.withData("lastStartFailure", f));
        }
        worker.pendingModelSet().ifPresent(p -> response.withData("modelSetPending", p.version() + " (try "
                + p.failures() + " failed: " + p.lastFailure() + ")"));
        Optional<String> environment = worker.environmentProblem();
        environment.ifPresent(e -> response.withData("holdingJobs", e));
        return response.status(models.isServing() && storage && consuming && environment.isEmpty()).build();
    }
}
