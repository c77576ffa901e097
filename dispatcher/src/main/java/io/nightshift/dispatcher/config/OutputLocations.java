package io.nightshift.dispatcher.config;

import io.nightshift.protocol.StorageLocations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The output locations of {@link DispatcherConfig#outputLocations()}, parsed once by the protocol's rule. */
@ApplicationScoped
public class OutputLocations {
    @Produces
    @Singleton
    StorageLocations outputLocations(DispatcherConfig config) {
        return StorageLocations.parse("output", config.outputLocations());
    }
}
