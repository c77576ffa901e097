package io.nightshift.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the project is: the folder with the {@code nightshift} launcher. Found from the system property
 * {@code nightshift.home} (set by the launcher and by the build for tests), the environment variable
 * {@code NIGHTSHIFT_HOME}, or by walking up from the working directory.
 */
public final class StackHome {
    private final Path root;

    private StackHome(Path root) {
        this.root = root;
    }

    public static StackHome locate() {
        String configured = System.getProperty("nightshift.home", System.getenv("NIGHTSHIFT_HOME"));
        if (configured != null && !configured.isBlank()) {
            Path path = Paths.get(configured).toAbsolutePath().normalize();
            if (!isProjectRoot(path)) {
                throw new StackException("nightshift.home=" + path + " is not the Nightshift project folder");
            }
            return new StackHome(path);
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isProjectRoot(dir)) {
                return new StackHome(dir);
            }
        }
        throw new StackException("cannot find the Nightshift project folder; set -Dnightshift.home or NIGHTSHIFT_HOME");
    }

    private static boolean isProjectRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("nightshift")) && Files.isDirectory(dir.resolve("stack"));
    }

    public Path root() {
        return root;
    }

    /** The project-local folder for the stack's data and logs started by hand ({@code .nightshift/stack}). */
    public Path defaultStackDir() {
        return root.resolve(".nightshift").resolve("stack");
    }

    /** The Kafka broker's classpath folder, collected by the build. */
    public Path kafkaLib() {
        return lib("kafka-server");
    }

    /** S3Proxy's classpath folder, collected by the build. */
    public Path s3Lib() {
        return lib("s3-server");
    }

    /** {@code ../shared} beside the checkout: real RAW samples and team facts. */
    public Path shared() {
        return root.getParent().resolve("shared");
    }

    private Path lib(String module) {
        Path lib = root.resolve("stack").resolve(module).resolve("target").resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new StackException(lib + " is missing: build the project first (./nightshift build)");
        }
        return lib;
    }
}
