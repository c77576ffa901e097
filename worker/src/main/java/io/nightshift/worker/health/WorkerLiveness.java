package io.nightshift.worker.health;

import io.nightshift.worker.app.WorkerService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the poll loop polls. It polls every 100 ms whatever the jobs do (partitions are paused, not
 * starved), so a slow job never makes the worker look dead — unlike a health check on record age, the trap of
 * SmallRye's throttled commit strategy with jobs that take minutes.
 */
@Liveness
@ApplicationScoped
public class WorkerLiveness implements HealthCheck {

    @Inject
    WorkerService service;

    @Override
    public HealthCheckResponse call() {
        boolean alive = service.worker().map(w -> w.consumerAlive()).orElse(true);
        return HealthCheckResponse.named("nightshift worker poll loop").status(alive).build();
    }
}
