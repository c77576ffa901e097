package io.nightshift.stack;

import java.io.IOException;
import java.io.File;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of a server process started for tests: runs the real server's {@code main} and halts the
 * process when the JVM that started it goes away (its end of our standard input closes), so that a test JVM
 * killed with SIGKILL leaves no broker behind. Uses nothing but the JDK: it runs on the server's classpath.
 */
public final class OrphanGuard {
    private OrphanGuard() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: OrphanGuard MAIN_CLASS [ARGS…]");
        }
        Thread watcher = new Thread(OrphanGuard::haltWhenParentGoes, "orphan-guard");
        watcher.setDaemon(true);
        watcher.start();
        String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object) rest);
    }

    /**
     * The command line of a packaged Quarkus service ({@code quarkus-run.jar}) under the guard: this JVM's
     * {@code java}, {@code jvmOptions}, {@code properties} as {@code -D} options. The class path stays in the jar's
     * manifest: ONNX Runtime crashes in a process whose command line is long.
     */
    public static List<String> quarkusCommand(Path jar, List<String> jvmOptions, Map<String, String> properties) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(jar + File.pathSeparator + location());
        command.add(OrphanGuard.class.getName());
        command.add("io.quarkus.bootstrap.runner.QuarkusEntryPoint");
        return command;
    }

    /** Where this class is (a jar or a classes folder), for a guarded process's class path. */
    public static String location() {
        try {
            return Path.of(OrphanGuard.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the OrphanGuard class", e);
        }
    }

    /**
     * Stops a process started under the guard: SIGTERM (its graceful shutdown), SIGKILL when it has not ended within
     * {@code grace}. The SIGTERM goes through the process handle: {@code Process.destroy} would also close the
     * process's standard input, which the guard reads as its parent's death, halting it before its shutdown ran.
     * Safe to call twice.
     */
    public static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.toHandle().destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void haltWhenParentGoes() {
        byte[] buffer = new byte[64];
        try (InputStream in = System.in) {
            while (in.read(buffer) >= 0) {
                // the parent never writes; reading only waits for end of stream
            }
        } catch (IOException ignored) {
            // treated like end of stream
        }
        Runtime.getRuntime().halt(0);
    }
}
