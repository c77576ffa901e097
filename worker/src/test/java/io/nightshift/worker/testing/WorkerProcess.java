package io.nightshift.worker.testing;

import io.nightshift.stack.LocalStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real worker process ({@code WorkerMain}: the same {@code Worker} as the Quarkus application) on the test
 * classpath, against the test JVM's stack, for the tests in which a worker must really die.
 */
public final class WorkerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Settings every process test starts from: small tiles, fast retries, the stack's endpoints. */
    public static Map<String, String> defaults(String name) {
        LocalStack stack = Fixtures.stack();
        Map<String, String> p = new LinkedHashMap<>();
        p.putAll(stack.config().serviceProperties());
        p.put("nightshift.worker.id", name);
        p.put("nightshift.worker.engine.tile", "512");
        p.put("nightshift.worker.engine.overlap", "112");
        p.put("nightshift.worker.engine.threads", "1");
        p.put("nightshift.worker.retry.initial-backoff", "100ms");
        p.put("nightshift.worker.retry.max-backoff", "1s");
        p.put("nightshift.worker.shutdown-grace", "5s");
        // a killed worker's partitions move after the session timeout (Kafka's default 45 s): the broker's minimum
        // here, so that the restarts of these tests take seconds
        p.put("nightshift.worker.kafka.client.\"session.timeout.ms\"", "6000");
        p.put("nightshift.worker.kafka.client.\"heartbeat.interval.ms\"", "1000");
        return p;
    }

    public static WorkerProcess start(String name, Map<String, String> properties) throws IOException {
        return start(name, properties, "512m");
    }

    /**
     * A worker with a heap of {@code maxHeap} ({@code -Xmx}), run as the launcher runs it: the JVM exits on
     * OutOfMemoryError ({@code -XX:+ExitOnOutOfMemoryError}, status 3).
     */
    public static WorkerProcess start(String name, Map<String, String> properties, String maxHeap) throws IOException {
        Path log = Files.createTempFile("nightshift-worker-" + name + "-", ".log");
        Path errors = Files.createTempDirectory("nightshift-worker-hs-");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:-CreateCoredumpOnCrash");
        command.add("-XX:ErrorFile=" + errors.resolve("hs_err_%p.log"));
        command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        // the class path goes in an argument file: ONNX Runtime 1.29 crashes (SIGSEGV, no hs_err) when it creates
        // its environment in a process whose command line is long (~24 kB here), which a 250-jar class path is
        Path args = Files.createTempFile("nightshift-worker-cp-", ".args");
        Files.writeString(args, "-cp \"" + System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                + "\"\n");
        args.toFile().deleteOnExit();
        command.add("@" + args);
        command.add("io.nightshift.worker.app.WorkerMain");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new WorkerProcess(process, log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no commit, nothing flushed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the graceful shutdown. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself; its exit code, or empty when it still runs. */
    public java.util.OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
