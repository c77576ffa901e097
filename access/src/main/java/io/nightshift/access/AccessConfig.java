package io.nightshift.access;

import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Who may call a service over HTTP: a configuration group of each service ({@code nightshift.dispatcher.auth.*},
 * {@code nightshift.worker.auth.*}). Without a key, a service serves only a loopback host unless the network is
 * declared open ({@link Exposure}).
 */
public interface AccessConfig {
    /**
     * The API key. When set, every endpoint answers 401 without it (header {@code X-API-Key},
     * {@code Authorization: Bearer <key>}, or HTTP Basic with the key as password, which browsers prompt for);
     * unset or blank: no key is asked for. Never logged.
     */
    Optional<String> apiKey();

    /**
     * Serve without a key on a host that is not loopback-only ({@code 0.0.0.0}, a LAN address): set it where the
     * network is protected otherwise (a Kubernetes network policy, a private network). Without it such a start is
     * refused. Ignored when a key is set.
     */
    @WithDefault("false")
    boolean open();

    /**
     * Whether {@code /q/health/*} stays open when a key is set, for Kubernetes probes (whose headers cannot come
     * from a Secret). The probes answer UP or DOWN and the names of the checks, nothing else.
     */
    @WithDefault("true")
    boolean healthOpen();

    /** The key when one is set and not blank. */
    default Optional<String> key() {
        return apiKey().filter(key -> !key.isBlank());
    }
}
