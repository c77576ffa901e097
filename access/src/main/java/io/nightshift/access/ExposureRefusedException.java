package io.nightshift.access;

import io.quarkus.runtime.configuration.ConfigurationException;

import java.util.Set;

/**
 * A service would serve a network-reachable host without an API key, and nothing declares that on purpose. A
 * Quarkus {@link ConfigurationException}: thrown during start-up, Quarkus prints its message as one line on
 * standard error, without a stack trace, and exits with status 1, before the HTTP socket opens.
 */
public class ExposureRefusedException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    private final String host;

    public ExposureRefusedException(String message, String host, Set<String> configKeys) {
        super(message, configKeys);
        this.host = host;
    }

    /** The host the service would have listened on. */
    public String host() {
        return host;
    }
}
