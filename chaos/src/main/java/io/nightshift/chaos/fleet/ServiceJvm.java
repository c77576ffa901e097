package io.nightshift.chaos.fleet;

import io.nightshift.stack.OrphanGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Nightshift service ({@code quarkus-run.jar}) in a JVM of its own under {@link OrphanGuard} (it halts
 * when the chaos run goes, even by SIGKILL), configured by system properties, output to a log file. It can be
 * killed with SIGKILL ({@link #kill}) as a lost node kills it, or stopped gracefully ({@link #close}).
 */
public final class ServiceJvm implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;

    private ServiceJvm(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts {@code jar} with {@code jvmOptions} and {@code properties}; its HTTP port is {@code quarkus.http.port}. */
    public static ServiceJvm start(String name, Path jar, List<String> jvmOptions, Map<String, String> properties,
                                   Map<String, String> environment, Path log) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the packaged service " + jar + " is missing: run ./nightshift build");
        }
        List<String> command = OrphanGuard.quarkusCommand(jar, jvmOptions, properties);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().keySet().removeIf(k -> k.startsWith("NIGHTSHIFT_") || k.startsWith("QUARKUS_"));
            builder.environment().putAll(environment);
            return new ServiceJvm(name, builder.start(), log,
                    Integer.parseInt(properties.getOrDefault("quarkus.http.port", "0")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit status once ended. */
    public int exitValue() {
        return process.exitValue();
    }

    /** GET on the service's own port: the body when it answers 200, else {@code null}. */
    public String get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Whether {@code /q/health/ready} answers 200. */
    public boolean ready() {
        return get("/q/health/ready") != null;
    }

    /** SIGKILL: the process dies at once, without its shutdown, as on a lost node. */
    public void kill() {
        process.toHandle().destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM (graceful shutdown), SIGKILL after {@code grace}. Safe to call twice. */
    public void stop(Duration grace) {
        OrphanGuard.stop(process, grace);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

}
