package io.nightshift.access;

import io.quarkus.vertx.http.runtime.filters.Filters;
import org.jboss.logging.Logger;

import java.util.Locale;
import java.util.Set;

/**
 * One service's HTTP access, decided at start-up from its {@link AccessConfig} and the host its HTTP server binds:
 * with a key, the {@link ApiKeyCheck} goes ahead of every route; without one, a loopback-only host serves this
 * machine openly, a host the network can reach serves openly only when {@code auth.open} says so, and otherwise the
 * start is refused before the socket opens ({@link ExposureRefusedException}: one line naming the host and the two
 * ways out, exit status 1).
 */
public final class ServiceAccess {
    /** The environment variable both services read their API key from. */
    public static final String KEY_ENV = "NIGHTSHIFT_API_KEY";
    private static final Logger LOG = Logger.getLogger(ServiceAccess.class);
    /** Runs before every route, the static files and the /q endpoints included. */
    private static final int FILTER_PRIORITY = 10_000;

    private final String service;
    private final AccessConfig config;
    private final ListenHost host;
    private final Exposure exposure;

    /**
     * @param service the service's name in its settings: {@code dispatcher} for {@code nightshift.dispatcher.auth}
     * @param host    {@code quarkus.http.host}
     */
    public ServiceAccess(String service, AccessConfig config, String host) {
        this.service = service;
        this.config = config;
        this.host = new ListenHost(host);
        this.exposure = Exposure.of(config.key().isPresent(), this.host.loopbackOnly(), config.open());
    }

    public Exposure exposure() {
        return exposure;
    }

    /**
     * Puts the decision into effect on the service's HTTP filters: registers the key check, or logs how the service
     * is open, or refuses the start. Quarkus fires {@link Filters} while it sets up the router, before the start-up
     * observers run and before the socket opens.
     *
     * @throws ExposureRefusedException when the exposure is {@link Exposure#REFUSED}
     */
    public void install(Filters filters) {
        String prefix = "nightshift." + service + ".auth.";
        switch (exposure) {
            case KEY_REQUIRED -> {
                filters.register(new ApiKeyCheck(config.key().orElseThrow(), config.healthOpen(),
                        "Nightshift " + service), FILTER_PRIORITY);
                LOG.infof("API key: required on every endpoint%s", config.healthOpen()
                        ? " (health probes /q/health/* exempt)" : ", health probes included");
            }
            case LOOPBACK_ONLY -> LOG.infof("API key: none configured; open to this machine only (listening on %s)",
                    host);
            case DECLARED_OPEN -> LOG.warnf("API key: none configured; open to the network on %s, declared by %sopen",
                    host, prefix);
            case REFUSED -> throw new ExposureRefusedException(refusal(), host.host(),
                    Set.of("quarkus.http.host", prefix + "api-key", prefix + "open"));
        }
    }

    /** The one line a refused start prints: the host and the two ways out. */
    public String refusal() {
        String prefix = "nightshift." + service + ".auth.";
        String openEnv = (prefix + "open").toUpperCase(Locale.ROOT).replace('.', '_');
        return String.format("nightshift %s refuses to start: it would listen on %s, which other machines can reach, "
                + "without an API key. Set a key (%sapi-key, env %s) or declare the network open on purpose "
                + "(%sopen=true, env %s=true).", service, host, prefix, KEY_ENV, prefix, openEnv);
    }
}
