package io.nightshift.client.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.trainer.data.SourceSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The output folder's record of finished files, {@value #FILE_NAME}: one JSON line per result, appended and forced
 * to disk as each result is downloaded, so that a run stopped at any moment (Ctrl-C included) keeps everything it
 * finished. The latest line of a path wins; a line that is cut or lacks a field is ignored. A file is done when its
 * latest record has the format and the ratio setting asked for, the result is in the output folder, and the file
 * still has the recorded content: the same size and modification time, or else the same SHA-256. The model set is
 * recorded, not compared: a new model set does not undo finished work ({@code --force} does).
 */
public final class DoneLedger {
    public static final String FILE_NAME = ".nightshift-done.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path outDir;
    private final Path file;
    private final Map<String, DoneRecord> latest = new HashMap<>();

    private DoneLedger(Path outDir) {
        this.outDir = outDir;
        this.file = outDir.resolve(FILE_NAME);
    }

    /** The ledger of {@code outDir} (empty when there is none); an unreadable line is ignored. */
    public static DoneLedger open(Path outDir) {
        DoneLedger ledger = new DoneLedger(outDir);
        if (Files.isRegularFile(ledger.file)) {
            try {
                for (String line : Files.readAllLines(ledger.file, StandardCharsets.UTF_8)) {
                    try {
                        DoneRecord record = JSON.readValue(line, DoneRecord.class);
                        if (record.complete()) {
                            ledger.latest.put(record.path(), record);
                        }
                    } catch (IOException torn) {
                        // a line cut by a crash while it was written: that file is simply not done
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + ledger.file + ": " + e.getMessage(), e);
            }
        }
        return ledger;
    }

    /** Whether {@code raw} already has its result in {@code format}, made with {@code givenRatio} (null: estimated). */
    public boolean isDone(RawFile raw, String format, Double givenRatio) {
        DoneRecord record = latest.get(raw.name());
        if (record == null || !record.format().equals(format) || !Objects.equals(record.givenRatio(), givenRatio)
                || !Files.isRegularFile(outDir.resolve(record.output()))) {
            return false;
        }
        if (record.size() == raw.size() && record.modifiedMillis() == raw.modifiedMillis()) {
            return true;
        }
        return record.size() == raw.size() && record.sha256().equals(sha256(raw.file()));
    }

    /** Appends a record and forces it to disk. */
    public synchronized void record(DoneRecord record) {
        try {
            Files.createDirectories(outDir);
            Files.writeString(file, JSON.writeValueAsString(record) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
            latest.put(record.path(), record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The SHA-256 of a file's content, in hex (the content hash the trainer's source split uses too). */
    public static String sha256(Path file) {
        try {
            return SourceSplit.sha256(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
