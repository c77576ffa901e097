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
        return LocalStack.shared().config().serviceProperties();
    }

    @Override
    public void stop() {
        // the shared stack outlives each test class and stops with the JVM
    }
}
