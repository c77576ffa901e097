package io.nightshift.dispatcher.testing;

import io.nightshift.stack.LocalStack;
import io.nightshift.stack.ServiceProcess;
import io.nightshift.stack.StackHome;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real worker, as it is shipped: {@code worker/target/quarkus-app/quarkus-run.jar} (the worker module's
 * package phase, which runs before the dispatcher's tests in the reactor) in a JVM of its own, against the test
 * JVM's stack. On that fresh stack it publishes and loads the repository's default model set ({@code
 * NIGHTSHIFT_DEFAULT_MODEL_SET} = {@code models/default}), then takes jobs from the given jobs topic and reports on
 * the protocol's results topic; sources from {@code nightshift-raw}, outputs and previews to {@code
 * nightshift-results} (its defaults, the dispatcher's too). Small tiles and one engine thread: the test machines
 * have two cores. Its output goes to {@code target/worker-<id>.log}; {@link #close()} stops it (SIGTERM, then
 * SIGKILL). A missing artifact or model set fails the test with the command that builds it, never skips it.
 */
public final class WorkerProcess implements AutoCloseable {
    /** How the worker's artifact is built when it is missing. */
    public static final String BUILD = "./mvnw -pl worker -am install -DskipTests";

    private final String id;
    private final Process process;
    private final Path log;

    private WorkerProcess(String id, Process process, Path log) {
        this.id = id;
        this.process = process;
        this.log = log;
    }

    /** Starts a worker with this id taking jobs from {@code jobsTopic}. */
    public static WorkerProcess start(String id, String jobsTopic) throws IOException {
        Path root = StackHome.locate().root();
        Path jar = root.resolve("worker/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("the real worker's artifact " + jar + " is missing: build the worker first: "
                    + BUILD);
        }
        Path models = root.resolve("models/default");
        if (!Files.isRegularFile(models.resolve("manifest.json"))) {
            throw new AssertionError("the default model set " + models + " has no manifest.json");
        }
        LocalStack stack = LocalStack.shared();
        Map<String, String> p = new LinkedHashMap<>();
        p.putAll(stack.config().serviceProperties());
        p.put("nightshift.worker.id", id);
        p.put("nightshift.worker.kafka.jobs-topic", jobsTopic);
        p.put("nightshift.worker.kafka.group", "nightshift-workers-" + id);
        p.put("nightshift.worker.engine.tile", "512");
        p.put("nightshift.worker.engine.overlap", "112");
        p.put("nightshift.worker.engine.threads", "1");
        p.put("nightshift.worker.retry.initial-backoff", "100ms");
        p.put("nightshift.worker.retry.max-backoff", "1s");
        p.put("nightshift.worker.shutdown-grace", "5s");
        p.put("quarkus.http.port", "0"); // health and metrics on a free port: 8090 may be taken on a shared machine

        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        Path log = target.resolve("worker-" + id + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:-CreateCoredumpOnCrash");
        command.add("-XX:ErrorFile=" + target.resolve("worker-" + id + "-hs_err_%p.log"));
        p.forEach((k, v) -> command.add("-D" + k + "=" + v));
        // a short command line: the class path is in the jar's manifest (ONNX Runtime 1.29 crashes in a process
        // whose command line is long)
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("NIGHTSHIFT_DEFAULT_MODEL_SET", models.toString());
        return new WorkerProcess(id, builder.start(), log);
    }

    public String id() {
        return id;
    }

    /** Fails with the worker's log when its process has ended. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("the worker exited with " + process.exitValue() + "\n" + logSection());
        }
    }

    /** The failure with the worker's log appended, for a failed assertion. */
    public AssertionError withLog(Throwable failure) {
        return new AssertionError(failure.getMessage() + "\n" + logSection(), failure);
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private String logSection() {
        return "---- worker " + id + " (" + log + ") ----\n" + log() + "---- end of the worker's log ----";
    }

    /** SIGTERM (the worker's graceful shutdown), SIGKILL after 30 s. Safe to call twice. */
    @Override
    public void close() throws InterruptedException {
        ServiceProcess.stop(process);
    }
}
