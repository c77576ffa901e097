package io.nightshift.client.fleet;

import io.nightshift.stack.OrphanGuard;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Nightshift service (worker or dispatcher) as it is shipped, {@code quarkus-run.jar}, in a JVM of its own that
 * the starting JVM owns: it runs under {@link OrphanGuard}, so it halts when its parent goes, even by SIGKILL, and
 * {@link #close()} stops it (SIGTERM, its graceful shutdown, then SIGKILL). Its output goes to a log file.
 */
public final class LocalService implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;

    private LocalService(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * @param jar        the service's {@code quarkus-run.jar}
     * @param jvmOptions heap and other JVM options
     * @param properties configuration, as system properties
     * @param env        added to this process's environment
     */
    public static LocalService start(String name, Path jar, List<String> jvmOptions, Map<String, String> properties,
                                       Map<String, String> env, Path log) {
        if (!Files.isRegularFile(jar)) {
            throw new FleetException("the " + name + "'s artifact " + jar + " is missing: run ./nightshift build");
        }
        List<String> command = OrphanGuard.quarkusCommand(jar, jvmOptions, properties);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            return new LocalService(name, builder.start(), log);
        } catch (IOException e) {
            throw new FleetException("cannot start the " + name + ": " + e.getMessage(), e);
        }
    }

    /** Waits until {@code health} answers 200, failing early (with the log's tail) when the process ends. */
    public void awaitReady(URI health, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new FleetException("the " + name + " exited with " + process.exitValue() + " while starting; "
                        + "its log (" + log + ") ends:\n" + tail());
            }
            if (ready(health)) {
                return;
            }
            sleep(Duration.ofMillis(500));
        }
        throw new FleetException("the " + name + " was not ready within " + timeout.toSeconds() + " s; its log (" + log
                + ") ends:\n" + tail());
    }

    /** 200 from the health URL: the service is up and ready. */
    public static boolean ready(URI health) {
        return status(health) == 200;
    }

    /** The HTTP status the URL answers, or 0 when nothing listens. */
    public static int status(URI url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Throws, with the end of its log, when the process has ended. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new FleetException("the " + name + " this command started has exited (" + process.exitValue()
                    + "); its log (" + log + ") ends:\n" + tail());
        }
    }

    /** SIGTERM, SIGKILL when it has not ended within the grace period. Safe to call twice. */
    @Override
    public void close() {
        OrphanGuard.stop(process, GRACE);
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }


    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("interrupted");
        }
    }
}
