package io.nightshift.worker.health;

import io.nightshift.worker.app.WorkerService;
import jakarta.enterprise.context.ApplicationScoped;
import io.nightshift.worker.app.Worker;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the poll loop polls. It polls every 100 ms whatever the jobs do (partitions are paused, not
 * starved), so a slow job never makes the worker look dead — unlike a health check on record age, the trap of
 * SmallRye's throttled commit strategy with jobs that take minutes. Before the worker takes jobs it is alive
 * while it is within {@code nightshift.worker.start.deadline} of its start (retrying the broker or the object
 * store, loading a set); past it, DOWN, so that a worker stuck in its start is replaced. A decode or inference
 * running past its deadline ({@code stageOverdue}) makes it DOWN too: the thread is stuck in native code, which only
 * a fresh process cures.
 */
@Liveness
@ApplicationScoped
public class WorkerLiveness implements HealthCheck {

    @Inject
    WorkerService service;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("nightshift worker poll loop");
        Optional<Worker> worker = service.worker();
        if (service.startOverdue()) {
            response.down().withData("state", "not taking jobs " + service.startDeadline().toSeconds()
                    + " s after start (nightshift.worker.start.deadline)");
            worker.flatMap(Worker::lastStartFailure).or(service::startFailure)
                    .ifPresent(f -> response.withData("lastStartFailure", f));
            return response.build();
        }
        Optional<String> overdue = worker.flatMap(Worker::overdueStage);
        if (overdue.isPresent()) {
            // a thread stuck in native code cannot be interrupted: only a fresh process frees it
            return response.down().withData("stageOverdue", overdue.get()).build();
        }
        return response.status(worker.map(Worker::consumerAlive).orElse(true)).build();
    }
}
