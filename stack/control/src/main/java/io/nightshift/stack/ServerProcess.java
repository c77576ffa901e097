package io.nightshift.stack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One server of the stack running as a child JVM on a classpath of its own. The command line carries a
 * marker ({@code -Dnightshift.stack.role=…} and the stack folder) so that a later {@code stack down} stops
 * exactly this process and never an unrelated one that reused its pid.
 */
final class ServerProcess {
    private final String role;
    private final ProcessHandle handle;

    private ServerProcess(String role, ProcessHandle handle) {
        this.role = role;
        this.handle = handle;
    }

    /**
     * Starts {@code mainClass} with the jars of {@code lib}; output goes to {@code logFile}.
     *
     * @param exitWithParent halt the server when this JVM ends (tests); otherwise detach it into its own session
     */
    static ServerProcess start(String role, Path stackDir, Path lib, List<String> jvmOptions, String mainClass,
                               List<String> args, Path logFile, boolean exitWithParent) {
        List<String> command = new ArrayList<>();
        Path setsid = Paths.get("/usr/bin/setsid");
        if (!exitWithParent && Files.isExecutable(setsid)) {
            command.add(setsid.toString()); // own session: survives the terminal that ran `stack up`
        }
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add(marker(role));
        command.add(dirMarker(stackDir));
        command.addAll(jvmOptions);
        command.add("-cp");
        if (exitWithParent) {
            command.add(lib.resolve("*") + File.pathSeparator + OrphanGuard.location());
            command.add(OrphanGuard.class.getName());
        } else {
            command.add(lib.resolve("*").toString());
        }
        command.add(mainClass);
        command.addAll(args);

        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        if (!exitWithParent) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        try {
            Process process = builder.start();
            return new ServerProcess(role, process.toHandle());
        } catch (IOException e) {
            throw new StackException("cannot start the " + role + " server: " + e.getMessage(), e);
        }
    }

    /** The process recorded under {@code pid}, if it is still this stack's {@code role} server. */
    static Optional<ServerProcess> find(String role, Path stackDir, long pid) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().arguments()
                        .map(arguments -> List.of(arguments).contains(marker(role))
                                && List.of(arguments).contains(dirMarker(stackDir)))
                        .orElse(false))
                .map(handle -> new ServerProcess(role, handle));
    }

    long pid() {
        return handle.pid();
    }

    boolean isAlive() {
        return handle.isAlive();
    }

    /** SIGTERM, then SIGKILL when the server has not ended within {@code grace}. Safe to call twice. */
    void stop(Duration grace) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timeoutOrInterrupt) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new StackException("the " + role + " server (pid " + handle.pid() + ") does not stop", e);
            }
        }
    }

    private static String marker(String role) {
        return "-Dnightshift.stack.role=" + role;
    }

    private static String dirMarker(Path stackDir) {
        return "-Dnightshift.stack.dir=" + stackDir.toAbsolutePath().normalize();
    }

}
