package io.nightshift.worker.testing;

import io.nightshift.stack.StackConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} application at a broker and an object store that are not there (free loopback
 * ports nothing listens on), for a test that brings real ones up there later ({@code LocalStack} on those ports).
 */
public class UnreachableStackResource implements QuarkusTestResourceLifecycleManager {

    public static final String ACCESS_KEY = "nightshift-test";
    public static final String SECRET_KEY = "nightshift-test-secret";

    @Override
    public Map<String, String> start() {
        return Map.of(
                "kafka.bootstrap.servers", "127.0.0.1:" + StackConfig.freePort(),
                "nightshift.storage.endpoint", "http://127.0.0.1:" + StackConfig.freePort(),
                "nightshift.storage.access-key", ACCESS_KEY,
                "nightshift.storage.secret-key", SECRET_KEY);
    }

    @Override
    public void stop() {
        // nothing was started
    }
}
