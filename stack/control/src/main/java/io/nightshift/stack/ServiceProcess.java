package io.nightshift.stack;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A packaged Quarkus service ({@code <module>/target/quarkus-app/quarkus-run.jar}) as a child JVM, started the way
 * an operator starts it, for the tests that need the real start-up: a small heap, the given system properties and
 * environment (the caller's {@code NIGHTSHIFT_*} variables removed, so the shell cannot change a test), output to
 * a log file. {@link #awaitListening} reads the address from Quarkus's "Listening on:" line; {@link #close()}
 * stops it (SIGTERM, then SIGKILL).
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://(\\S+):(\\d+)");

    private final Process process;
    private final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Where a service listens, as Quarkus reports it. */
    public record Listening(String host, int port) {
    }

    /** Starts {@code jar} with {@code -D} properties and extra environment; output to {@code log}. */
    public static ServiceProcess start(Path jar, Map<String, String> properties, Map<String, String> environment,
                                       Path log) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the packaged service " + jar + " is missing: run ./mvnw package first");
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1"); // starts faster; these processes live seconds
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("NIGHTSHIFT_") || name.startsWith("QUARKUS_"));
        builder.environment().putAll(environment);
        return new ServiceProcess(builder.start(), log);
    }

    /**
     * Starts exactly {@code command} with exactly {@code environment} (nothing inherited: as a container starts its
     * entrypoint), output to {@code log}: for the test that runs a rendered Kubernetes Deployment's container.
     */
    public static ServiceProcess startExactly(List<String> command, Map<String, String> environment, Path log)
            throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return new ServiceProcess(builder.start(), log);
    }

    /** Waits for the "Listening on:" line; fails with the log when the process ends first or the time is up. */
    public Listening awaitListening(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(log());
            if (m.find()) {
                return new Listening(m.group(1), Integer.parseInt(m.group(2)));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + ":\n" + log());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the service did not listen within " + timeout + ":\n" + log());
    }

    /** How a process ended by itself: its exit status and the lines it printed, blank ones left out. */
    public record Exit(int status, List<String> lines) {
    }

    /** Waits for the process to end by itself; fails with the log when it still runs after {@code timeout}. */
    public Exit awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the service still runs after " + timeout + ":\n" + log());
        }
        return new Exit(process.exitValue(), log().lines().filter(line -> !line.isBlank()).toList());
    }

    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * An IPv4 address of this machine that is not loopback (nor link-local), through which another machine could
     * reach a service bound to it or to the wildcard; empty on a machine with no network.
     */
    public static Optional<InetAddress> networkAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether anything accepts a TCP connection at {@code address:port} within two seconds. */
    public static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL: the process dies at once, as a crashed pod or a lost machine does, without its shutdown. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (the service's graceful shutdown), SIGKILL after 30 s. Safe to call twice. */
    @Override
    public void close() throws InterruptedException {
        stop(process);
    }

    /** Stops a service's process: SIGTERM (its graceful shutdown), SIGKILL after 30 s; nothing when it has ended. */
    public static void stop(Process process) throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
