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
 * stops exactly what this instance started, services first, then the stack; it may be called at any moment (from
 * a shutdown hook while {@link #up()} is still starting things) and more than once.
 *
 * <p>Settings come from the environment, as for {@code ./nightshift stack up}, {@code worker} and
 * {@code dispatcher}: {@code NIGHTSHIFT_STACK_DIR} and the stack's ports and keys, {@code NIGHTSHIFT_DISPATCHER_PORT}
 * (8080), {@code NIGHTSHIFT_WORKER_PORT} (8090), {@code NIGHTSHIFT_DISPATCHER_OPTS} ({@code -Xmx256m}) and
 * {@code NIGHTSHIFT_WORKER_OPTS} (none), {@code NIGHTSHIFT_DEFAULT_MODEL_SET} ({@code models/default}). A started
 * service gets the stack's address and keys through its environment (never on its command line, where any local
 * user could read the secret) and logs to the stack folder's {@code logs/}.
 */
public final class LocalFleet implements AutoCloseable {
    private static final Duration SERVICE_START = Duration.ofMinutes(3);

    private final StackHome home;
    private final Map<String, String> env;
    private final PrintStream log;
    private final StackConfig stack;
    private final int dispatcherPort;
    private final int workerPort;
    private final List<LocalService> started = new ArrayList<>();
    private boolean startedStack;
    private boolean closed;

    private LocalFleet(StackHome home, Map<String, String> env, PrintStream log) {
        this.home = home;
        this.env = env;
        this.log = log;
        String dirSetting = env.get("NIGHTSHIFT_STACK_DIR");
        Path dir = dirSetting == null || dirSetting.isBlank() ? home.defaultStackDir() : Path.of(dirSetting).toAbsolutePath();
        this.stack = StackConfig.forLocalUse(dir, env);
        this.dispatcherPort = port(env, "NIGHTSHIFT_DISPATCHER_PORT", 8080);
        this.workerPort = port(env, "NIGHTSHIFT_WORKER_PORT", 8090);
    }

    /**
     * The local fleet as the environment describes it; nothing started yet.
     *
     * @throws IllegalArgumentException for a port setting that is not a number
     */
    public static LocalFleet of(StackHome home, Map<String, String> env, PrintStream log) {
        return new LocalFleet(home, env, log);
    }

    /** Brings up what is missing; says on the log what it reuses and what it starts. */
    public LocalFleet up() {
        Path dir = stack.dir();
        if (StackProbe.status(dir).stream().allMatch(StackProbe.ServiceStatus::healthy)) {
            log.println("using the running local stack: Kafka " + stack.bootstrapServers() + ", S3 " + stack.s3Endpoint());
        } else {
            if (StackProbe.status(dir).stream().anyMatch(StackProbe.ServiceStatus::running)) {
                LocalStack.stop(dir);
            }
            log.println("starting the local stack: Kafka " + stack.bootstrapServers() + ", S3 " + stack.s3Endpoint());
            synchronized (this) {
                requireOpen();
                startedStack = true;
            }
            LocalStack.start(home, stack);
            synchronized (this) {
                if (closed) { // stopped while the stack was starting: it is ours to stop
                    LocalStack.stop(dir);
                    startedStack = false;
                    requireOpen();
                }
            }
        }
        Map<String, String> workerEnv = new LinkedHashMap<>(serviceEnvironment());
        workerEnv.put("NIGHTSHIFT_DEFAULT_MODEL_SET", env.getOrDefault("NIGHTSHIFT_DEFAULT_MODEL_SET",
                home.root().resolve("models/default").toString()));
        // a worker out of heap exits instead of limping on (worker/README.md, Failure model)
        List<String> workerOptions = new ArrayList<>(List.of("-XX:+ExitOnOutOfMemoryError"));
        workerOptions.addAll(options("NIGHTSHIFT_WORKER_OPTS", ""));
        service("worker", workerPort, workerOptions, workerEnv);
        service("dispatcher", dispatcherPort, options("NIGHTSHIFT_DISPATCHER_OPTS", "-Xmx256m"), serviceEnvironment());
        return this;
    }

    private void service(String name, int port, List<String> jvmOptions, Map<String, String> environment) {
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
            return;
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.port", Integer.toString(port));
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("nightshift.home", home.root().toString());
        Path logFile = stack.dir().resolve("logs").resolve(name + ".log");
        log.println("starting the " + name + " on 127.0.0.1:" + port + " (log: " + logFile + ")");
        LocalService process;
        synchronized (this) {
            requireOpen();
            process = LocalService.start(name, home.root().resolve(name + "/target/quarkus-app/quarkus-run.jar"),
                    jvmOptions, properties, environment, logFile);
            started.add(process);
        }
        process.awaitReady(health, SERVICE_START);
    }

    /** The stack's address and keys as both services read them from their environment. */
    private Map<String, String> serviceEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        environment.put("NIGHTSHIFT_S3_ENDPOINT", stack.s3Endpoint());
        environment.put("NIGHTSHIFT_S3_ACCESS_KEY", stack.accessKey());
        environment.put("NIGHTSHIFT_S3_SECRET_KEY", stack.secretKey());
        return environment;
    }

    /** Throws when a service this instance started has ended (with the end of its log). */
    public synchronized void requireAlive() {
        for (LocalService service : started) {
            service.requireAlive();
        }
    }

    public StackConfig stack() {
        return stack;
    }

    /** The dispatcher's base URL (its page is there). */
    public URI dispatcher() {
        return URI.create("http://127.0.0.1:" + dispatcherPort);
    }

    /** Stops what this instance started: the services (dispatcher first), then the stack. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        started.clear();
        if (startedStack) {
            LocalStack.stop(stack.dir());
            startedStack = false;
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new FleetException("stopping: nothing more is started");
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

    private List<String> options(String name, String fallback) {
        String value = env.getOrDefault(name, fallback).trim();
        return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
    }
}
