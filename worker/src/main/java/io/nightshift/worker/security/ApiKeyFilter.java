package io.nightshift.worker.security;

import io.nightshift.access.ServiceAccess;
import io.nightshift.worker.config.WorkerConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The worker's HTTP access ({@link ServiceAccess}, {@code nightshift.worker.auth.*}): with a key, {@code /q/metrics}
 * (and anything else it serves) needs it while {@code /q/health/*} stays open for Kubernetes probes; without one,
 * it serves a loopback host only, unless {@code auth.open} declares the network open on purpose; otherwise it
 * refuses to start.
 */
@ApplicationScoped
public class ApiKeyFilter {

    void register(@Observes Filters filters, WorkerConfig config,
                  @ConfigProperty(name = "quarkus.http.host") String host) {
        new ServiceAccess("worker", config.auth(), host).install(filters);
    }
}
