package io.nightshift.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * This machine's Debian packages as the source of an image's libraries: the files {@code dpkg -L} lists for a
 * package (documentation, manuals and locales left out), and the one command runner the images module shares.
 */
public final class Debian {
    private static final List<String> LEFT_OUT = List.of("/usr/share/doc/", "/usr/share/man/", "/usr/share/locale/",
            "/usr/share/lintian/", "/usr/share/info/", "/usr/share/gdb/", "/usr/share/bug/");

    private Debian() {
    }

    /** The files (and symbolic links, not folders) that package {@code name} installed here. */
    public static List<Path> files(String name) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String line : run(List.of("dpkg", "-L", name)).lines().toList()) {
            if (line.isBlank() || LEFT_OUT.stream().anyMatch(line::startsWith)) {
                continue;
            }
            Path p = Path.of(line);
            if (Files.isSymbolicLink(p) || Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                files.add(p);
            }
        }
        if (files.isEmpty()) {
            throw new IOException("the Debian package " + name + " installed no files here: apt-get install " + name);
        }
        return files;
    }

    /** The shared libraries of package {@code name}: its files in the multiarch folder named {@code *.so*}. */
    public static List<Path> sharedLibraries(String name) throws IOException {
        return files(name).stream()
                .filter(p -> p.toString().contains("/x86_64-linux-gnu/") && p.getFileName().toString().contains(".so"))
                .filter(p -> p.getParent().getFileName().toString().equals("x86_64-linux-gnu"))
                .toList();
    }

    /** Runs {@code command}; its standard output, or an exception with everything it printed when it fails. */
    public static String run(List<String> command) throws IOException {
        return run(command, null);
    }

    static String run(List<String> command, Path dir) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
        return out;
    }
}
