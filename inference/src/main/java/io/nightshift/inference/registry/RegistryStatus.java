package io.nightshift.inference.registry;

import java.util.Optional;

/**
 * What a {@link ModelRegistry} is doing, for health checks and logs.
 *
 * @param state       see {@link RegistryState}
 * @param serving     the version of the set that new leases get, if any
 * @param loading     the version (or manifest key, before the manifest is read) being loaded, if any
 * @param lastFailure why the most recent load failed, if it did (cleared by a successful load)
 */
public record RegistryStatus(RegistryState state, Optional<String> serving, Optional<String> loading,
        Optional<ModelLoadException> lastFailure) {

    /** True when a set serves: new work is accepted. */
    public boolean isServing() {
        return state != RegistryState.CLOSED && serving.isPresent();
    }
}
