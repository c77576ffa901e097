package io.nightshift.client.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * A run's batch that may still be running: written to the output folder ({@value #FILE_NAME}) as soon as the
 * batch is accepted, removed when the run has accounted for it. A run stopped before (Ctrl-C, a crash) leaves it,
 * and the next run follows that batch to its end and downloads its results, instead of uploading and processing
 * the same files again beside the jobs still queued for them.
 *
 * @param givenRatio the ratio the run asked for, or null when the workers estimated it
 * @param files      the batch's files by object key
 */
public record PendingRun(String batchId, String prefix, String format, Double givenRatio, List<Entry> files) {
    public static final String FILE_NAME = ".nightshift-run.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file of the batch, as it was when it was uploaded. */
    public record Entry(String key, String path, String sha256, long size, long modifiedMillis) {
    }

    /** The pending run of {@code outDir}; empty when there is none or it cannot be read (then it is ignored). */
    public static Optional<PendingRun> read(Path outDir) {
        Path file = outDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            PendingRun run = JSON.readValue(file.toFile(), PendingRun.class);
            return run.batchId() == null || run.prefix() == null || run.format() == null || run.files() == null
                    ? Optional.empty() : Optional.of(run);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes it (through a temporary file, so a crash never leaves half of it). */
    public void write(Path outDir) {
        Path file = outDir.resolve(FILE_NAME);
        Path partial = outDir.resolve(FILE_NAME + ".part");
        try {
            Files.createDirectories(outDir);
            JSON.writeValue(partial.toFile(), this);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static void delete(Path outDir) {
        try {
            Files.deleteIfExists(outDir.resolve(FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + outDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }
}
