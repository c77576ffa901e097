package io.nightshift.stack.quarkus;

import io.nightshift.stack.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a {@code @QuarkusTest} application at the test JVM's real local stack ({@link LocalStack#shared()}),
 * started once per JVM however many test classes use it. Quarkus Dev Services stay off: there is no Docker.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        LocalStack stack = LocalStack.shared();
        return Map.of(
                "kafka.bootstrap.servers", stack.bootstrapServers(),
                "nightshift.storage.endpoint", stack.s3Endpoint(),
                "nightshift.storage.access-key", stack.config().accessKey(),
                "nightshift.storage.secret-key", stack.config().secretKey());
    }

    @Override
    public void stop() {
        // the shared stack outlives each test class and stops with the JVM
    }
}
