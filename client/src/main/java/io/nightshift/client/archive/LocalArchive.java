package io.nightshift.client.archive;

import io.nightshift.protocol.RawExtensions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A photographer's folder: every regular file below it, recursively, whose name ends in a RAW extension in any
 * case ({@link RawExtensions}), in path order. Hidden folders (names starting with {@code .}) are skipped: the
 * output's own records live in one when the output folder is inside the input folder.
 */
public final class LocalArchive {
    private LocalArchive() {
    }

    public static List<RawFile> scan(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("no folder " + folder);
        }
        List<RawFile> files = new ArrayList<>();
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    boolean hidden = !dir.equals(folder) && dir.getFileName().toString().startsWith(".");
                    return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && RawExtensions.isRawName(file.getFileName().toString())) {
                        files.add(new RawFile(file, folder.relativize(file), attributes.size(),
                                attributes.lastModifiedTime().toMillis()));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(RawFile::name));
        return files;
    }
}
