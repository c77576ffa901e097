package io.nightshift.access;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.vertx.http.runtime.filters.Filters;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceAccessTest {

    record Settings(Optional<String> apiKey, boolean open, boolean healthOpen) implements AccessConfig {
        static Settings of(String key, boolean open) {
            return new Settings(Optional.ofNullable(key), open, true);
        }
    }

    @Test
    void theDecisionTable() {
        assertEquals(Exposure.KEY_REQUIRED, Exposure.of(true, false, false));
        assertEquals(Exposure.KEY_REQUIRED, Exposure.of(true, true, true));
        assertEquals(Exposure.LOOPBACK_ONLY, Exposure.of(false, true, false));
        assertEquals(Exposure.LOOPBACK_ONLY, Exposure.of(false, true, true));
        assertEquals(Exposure.DECLARED_OPEN, Exposure.of(false, false, true));
        assertEquals(Exposure.REFUSED, Exposure.of(false, false, false));
    }

    @Test
    void aNetworkHostWithoutKeyOrDeclarationIsRefusedInOneLineNamingTheHostAndBothWaysOut() {
        ServiceAccess access = new ServiceAccess("worker", Settings.of(null, false), "0.0.0.0");
        assertEquals(Exposure.REFUSED, access.exposure());
        Filters filters = new Filters();
        ExposureRefusedException refused = assertThrows(ExposureRefusedException.class, () -> access.install(filters));
        // a ConfigurationException: what Quarkus prints as its message alone, without a stack trace
        assertInstanceOf(ConfigurationException.class, refused);
        assertEquals("0.0.0.0", refused.host());
        String line = refused.getMessage();
        assertFalse(line.contains("\n"), line);
        for (String part : new String[] {"0.0.0.0", "nightshift.worker.auth.api-key", "NIGHTSHIFT_API_KEY",
                "nightshift.worker.auth.open=true", "NIGHTSHIFT_WORKER_AUTH_OPEN=true"}) {
            assertTrue(line.contains(part), part + " missing from: " + line);
        }
        assertTrue(refused.getConfigKeys().contains("quarkus.http.host"));
        assertTrue(filters.getFilters().isEmpty());
    }

    @Test
    void aKeyInstallsTheCheckWhateverTheHost() {
        for (String host : new String[] {"0.0.0.0", "127.0.0.1"}) {
            ServiceAccess access = new ServiceAccess("dispatcher", Settings.of("k-1", false), host);
            Filters filters = new Filters();
            access.install(filters);
            assertEquals(Exposure.KEY_REQUIRED, access.exposure());
            assertEquals(1, filters.getFilters().size(), host);
        }
    }

    @Test
    void withoutAKeyLoopbackOrADeclaredOpenNetworkStartsWithNoCheck() {
        for (ServiceAccess access : new ServiceAccess[] {
                new ServiceAccess("worker", Settings.of(null, false), "127.0.0.1"),
                new ServiceAccess("worker", Settings.of("  ", false), "localhost"),
                new ServiceAccess("worker", Settings.of(null, true), "::")}) {
            Filters filters = new Filters();
            access.install(filters);
            assertTrue(filters.getFilters().isEmpty());
            assertTrue(access.exposure() == Exposure.LOOPBACK_ONLY || access.exposure() == Exposure.DECLARED_OPEN);
        }
    }
}
