package io.nightshift.inference.registry;

/**
 * Work refused because no model set serves (none loaded yet, or the registry is closed): the protocol's
 * {@code ErrorClass.MODEL_UNAVAILABLE}.
 */
public class ModelUnavailableException extends RuntimeException {

    private final RegistryStatus status;

    public ModelUnavailableException(RegistryStatus status) {
        super("MODEL_UNAVAILABLE: no model set is serving (registry " + status.state()
                + status.lastFailure().map(f -> "; last load failed: " + f.getMessage()).orElse("") + ")");
        this.status = status;
    }

    public RegistryStatus status() {
        return status;
    }
}
