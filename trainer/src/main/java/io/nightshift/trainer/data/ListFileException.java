package io.nightshift.trainer.data;

import java.nio.file.Path;

/** A list file row that cannot be used; the message names the file and the 1-based line. */
public class ListFileException extends RuntimeException {

    private final Path file;
    private final int line;

    public ListFileException(Path file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }
}
