package io.nightshift.dispatcher.security;

import io.nightshift.access.ServiceAccess;
import io.nightshift.dispatcher.config.DispatcherConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The dispatcher's HTTP access ({@link ServiceAccess}, {@code nightshift.dispatcher.auth.*}): with a key, every
 * request (the API, the page and its files, previews, OpenAPI, Swagger UI, metrics) must carry it, health probes
 * exempt unless {@code health-open=false}; without one, it serves a loopback host only, unless {@code auth.open}
 * declares the network open on purpose; otherwise it refuses to start.
 */
@ApplicationScoped
public class ApiKeyFilter {

    void register(@Observes Filters filters, DispatcherConfig config,
                  @ConfigProperty(name = "quarkus.http.host") String host) {
        new ServiceAccess("dispatcher", config.auth(), host).install(filters);
    }
}
