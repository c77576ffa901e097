package io.nightshift.client.archive;

import io.nightshift.protocol.RawExtensions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A photographer's folder: every regular file below it, recursively and through links, whose name ends in a RAW
 * extension in any case ({@link RawExtensions}), in path order. Left out: the output folder when it lies inside
 * (its results would otherwise come back as inputs: {@code X.NEF.dng}). What cannot be read (a folder without
 * permission, a link loop) is reported, never passed over in silence.
 *
 * @param files    the RAW files
 * @param problems paths that could not be read, as {@code UNREADABLE} failures
 */
public record LocalArchive(List<RawFile> files, List<ArchiveFailure> problems) {

    /** Scans {@code folder}, leaving out {@code outDir} (and everything below it) if it lies inside. */
    public static LocalArchive scan(Path folder, Path outDir) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("no folder " + folder);
        }
        Path excluded = outDir.toAbsolutePath().normalize();
        Path root = folder.toAbsolutePath().normalize();
        List<RawFile> files = new ArrayList<>();
        List<ArchiveFailure> problems = new ArrayList<>();
        try {
            Files.walkFileTree(root, Set.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return dir.normalize().equals(excluded) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && RawExtensions.isRawName(file.getFileName().toString())) {
                        files.add(new RawFile(file, root.relativize(file), attributes.size(),
                                attributes.lastModifiedTime().toMillis()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    String why = e instanceof FileSystemLoopException ? "a link loop" : e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage());
                    problems.add(new ArchiveFailure(root.relativize(file).toString().replace('\\', '/'), "UNREADABLE",
                            "cannot be read (" + why + ")"));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(RawFile::name));
        return new LocalArchive(List.copyOf(files), List.copyOf(problems));
    }
}
