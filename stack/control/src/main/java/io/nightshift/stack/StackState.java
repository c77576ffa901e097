package io.nightshift.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What a started stack leaves in its folder ({@code stack.properties}): the servers' pids and how to reach
 * them, for {@code stack status} and {@code stack down} in later processes.
 */
record StackState(StackConfig config, long kafkaPid, long s3Pid) {
    static final String FILE = "stack.properties";

    void write() {
        Properties properties = new Properties();
        properties.setProperty("kafka.pid", Long.toString(kafkaPid));
        properties.setProperty("s3.pid", Long.toString(s3Pid));
        properties.setProperty("kafka.port", Integer.toString(config.kafkaPort()));
        properties.setProperty("kafka.controller.port", Integer.toString(config.controllerPort()));
        properties.setProperty("s3.port", Integer.toString(config.s3Port()));
        properties.setProperty("s3.access-key", config.accessKey());
        properties.setProperty("s3.secret-key", config.secretKey());
        properties.setProperty("buckets", String.join(",", config.buckets()));
        properties.setProperty("exit-with-parent", Boolean.toString(config.exitWithParent()));
        Path file = config.dir().resolve(FILE);
        Path temporary = config.dir().resolve(FILE + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temporary)) {
            properties.store(writer, "Nightshift local stack (local credentials only)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<StackState> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            StackConfig config = new StackConfig(dir,
                    Integer.parseInt(properties.getProperty("kafka.port")),
                    Integer.parseInt(properties.getProperty("kafka.controller.port")),
                    Integer.parseInt(properties.getProperty("s3.port")),
                    properties.getProperty("s3.access-key"),
                    properties.getProperty("s3.secret-key"),
                    List.of(properties.getProperty("buckets", "").split(",")),
                    Boolean.parseBoolean(properties.getProperty("exit-with-parent")));
            return Optional.of(new StackState(config,
                    Long.parseLong(properties.getProperty("kafka.pid")),
                    Long.parseLong(properties.getProperty("s3.pid"))));
        } catch (RuntimeException e) {
            throw new StackException(file + " is damaged (" + e.getMessage() + "); stop the servers by hand and delete it");
        }
    }

    static void delete(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
