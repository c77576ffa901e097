package io.nightshift.client.fleet;

import io.nightshift.stack.LocalStack;
import io.nightshift.stack.StackConfig;
import io.nightshift.stack.StackHome;
import io.nightshift.stack.StackProbe;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet on this machine: the local stack, one worker and the dispatcher, each reused when it already runs
 * (a healthy stack in the stack folder; a service answering on its port) and started otherwise. {@link #close()}
 * stops exactly what this instance started, services first, then the stack.
 *
 * <p>Settings come from the environment, as for {@code ./nightshift stack up}, {@code worker} and
 * {@code dispatcher}: {@code NIGHTSHIFT_STACK_DIR} and the stack's ports and keys, {@code NIGHTSHIFT_DISPATCHER_PORT}
 * (8080), {@code NIGHTSHIFT_WORKER_PORT} (8090), {@code NIGHTSHIFT_DISPATCHER_OPTS} ({@code -Xmx256m}) and
 * {@code NIGHTSHIFT_WORKER_OPTS} (none), {@code NIGHTSHIFT_DEFAULT_MODEL_SET} ({@code models/default}). Services
 * started here log to the stack folder's {@code logs/}.
 */
public final class LocalFleet implements AutoCloseable {
    private static final Duration SERVICE_START = Duration.ofMinutes(3);

    private final StackConfig stack;
    private final boolean startedStack;
    private final List<LocalService> started;
    private final URI dispatcher;
    private final List<String> reused;

    private LocalFleet(StackConfig stack, boolean startedStack, List<LocalService> started, URI dispatcher,
                       List<String> reused) {
        this.stack = stack;
        this.startedStack = startedStack;
        this.started = started;
        this.dispatcher = dispatcher;
        this.reused = reused;
    }

    /** Brings up what is missing; says on {@code log} what it reuses and what it starts. */
    public static LocalFleet up(StackHome home, Map<String, String> env, PrintStream log) {
        String dirSetting = env.get("NIGHTSHIFT_STACK_DIR");
        Path dir = dirSetting == null || dirSetting.isBlank() ? home.defaultStackDir()
                : Path.of(dirSetting).toAbsolutePath();
        StackConfig config = StackConfig.forLocalUse(dir, env);
        List<String> reused = new ArrayList<>();
        boolean startStack = !StackProbe.status(dir).stream().allMatch(StackProbe.ServiceStatus::healthy);
        if (startStack) {
            if (StackProbe.status(dir).stream().anyMatch(StackProbe.ServiceStatus::running)) {
                LocalStack.stop(dir);
            }
            log.println("starting the local stack: Kafka " + config.bootstrapServers() + ", S3 " + config.s3Endpoint());
            LocalStack.start(home, config);
        } else {
            reused.add("stack");
            log.println("using the running local stack: Kafka " + config.bootstrapServers() + ", S3 "
                    + config.s3Endpoint());
        }
        List<LocalService> started = new ArrayList<>();
        LocalFleet fleet = new LocalFleet(config, startStack, started,
                URI.create("http://127.0.0.1:" + port(env, "NIGHTSHIFT_DISPATCHER_PORT", 8080)), reused);
        try {
            Map<String, String> workerEnv = Map.of("NIGHTSHIFT_DEFAULT_MODEL_SET", env.getOrDefault(
                    "NIGHTSHIFT_DEFAULT_MODEL_SET", home.root().resolve("models/default").toString()));
            fleet.service(home, "worker", port(env, "NIGHTSHIFT_WORKER_PORT", 8090),
                    options(env, "NIGHTSHIFT_WORKER_OPTS", ""), workerEnv, log);
            fleet.service(home, "dispatcher", port(env, "NIGHTSHIFT_DISPATCHER_PORT", 8080),
                    options(env, "NIGHTSHIFT_DISPATCHER_OPTS", "-Xmx256m"), Map.of(), log);
            return fleet;
        } catch (RuntimeException e) {
            fleet.close();
            throw e;
        }
    }

    private void service(StackHome home, String name, int port, List<String> jvmOptions, Map<String, String> env,
                         PrintStream log) {
        URI health = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        int answer = LocalService.status(health);
        if (answer != 0) {
            // something answers on the port: a running service (perhaps still starting); wait for it, never start a second
            log.println("using the running " + name + " on port " + port + (answer == 200 ? "" : " (waiting until ready)"));
            long deadline = System.nanoTime() + SERVICE_START.toNanos();
            while (!LocalService.ready(health)) {
                if (System.nanoTime() > deadline) {
                    throw new FleetException("the " + name + " on port " + port + " is not ready (" + health + ")");
                }
                LocalService.sleep(Duration.ofSeconds(1));
            }
            reused.add(name);
            return;
        }
        Map<String, String> properties = new LinkedHashMap<>(stack.serviceProperties());
        properties.put("quarkus.http.port", Integer.toString(port));
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("nightshift.home", home.root().toString());
        Path logFile = stack.dir().resolve("logs").resolve(name + ".log");
        log.println("starting the " + name + " on 127.0.0.1:" + port + " (log: " + logFile + ")");
        LocalService process = LocalService.start(name, home.root().resolve(name + "/target/quarkus-app/quarkus-run.jar"),
                jvmOptions, properties, env, logFile);
        started.add(process);
        process.awaitReady(health, SERVICE_START);
    }

    public StackConfig stack() {
        return stack;
    }

    /** The dispatcher's base URL (its page is there). */
    public URI dispatcher() {
        return dispatcher;
    }

    /** The services this instance started (not those it reused). */
    public List<LocalService> started() {
        return List.copyOf(started);
    }

    public boolean startedStack() {
        return startedStack;
    }

    /** What was already running and reused: {@code stack}, {@code worker}, {@code dispatcher}. */
    public List<String> reused() {
        return List.copyOf(reused);
    }

    /** Stops what this instance started: the services (dispatcher first), then the stack. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        started.clear();
        if (startedStack) {
            LocalStack.stop(stack.dir());
        }
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, got '" + value + "'");
        }
    }

    private static List<String> options(Map<String, String> env, String name, String fallback) {
        String value = env.getOrDefault(name, fallback).trim();
        return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
    }
}
