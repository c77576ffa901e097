package io.nightshift.client.archive;

import java.nio.file.Path;

/**
 * A RAW file found in the input folder.
 *
 * @param relative its path below the input folder (the key rule and the output tree use it)
 */
public record RawFile(Path file, Path relative, long size, long modifiedMillis) {
    /** The relative path with {@code /} separators, as records and reports name it. */
    public String name() {
        return relative.toString().replace(java.io.File.separatorChar, '/');
    }
}
