package io.nightshift.client.testing;

import io.nightshift.client.fleet.LocalFleet;
import io.nightshift.stack.StackConfig;
import io.nightshift.stack.StackHome;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A real local fleet for the client's tests, on free ports in a temporary folder: the environment that points
 * {@link LocalFleet} (and so the commands under test) at it, and, shared by a test JVM, one running fleet that is
 * stopped when the JVM ends.
 */
public final class TestFleet {
    private static Map<String, String> sharedEnv;

    private TestFleet() {
    }

    /** An environment for a fresh fleet: stack folder under {@code dir}, every port free, a small worker heap. */
    public static Map<String, String> freshEnvironment(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("NIGHTSHIFT_STACK_DIR", dir.resolve("stack").toString());
        env.put("NIGHTSHIFT_KAFKA_PORT", Integer.toString(StackConfig.freePort()));
        env.put("NIGHTSHIFT_CONTROLLER_PORT", Integer.toString(StackConfig.freePort()));
        env.put("NIGHTSHIFT_S3_PORT", Integer.toString(StackConfig.freePort()));
        env.put("NIGHTSHIFT_DISPATCHER_PORT", Integer.toString(StackConfig.freePort()));
        env.put("NIGHTSHIFT_WORKER_PORT", Integer.toString(StackConfig.freePort()));
        env.put("NIGHTSHIFT_WORKER_OPTS", "-Xmx1g -XX:-CreateCoredumpOnCrash");
        env.put("NIGHTSHIFT_S3_ACCESS_KEY", "nightshift-test");
        env.put("NIGHTSHIFT_S3_SECRET_KEY", "nightshift-test-secret");
        return env;
    }

    /** The environment of this JVM's shared fleet, started the first time it is asked for. */
    public static synchronized Map<String, String> shared() {
        if (sharedEnv == null) {
            try {
                Map<String, String> env = freshEnvironment(Files.createTempDirectory("nightshift-client-fleet-"));
                LocalFleet fleet = LocalFleet.of(StackHome.locate(), env, new PrintStream(OutputStream.nullOutputStream())).up();
                Runtime.getRuntime().addShutdownHook(new Thread(fleet::close, "nightshift-client-fleet-stop"));
                sharedEnv = env;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sharedEnv;
    }
}
