package io.nightshift.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Does every native library of an unpacked image resolve inside it? Each Linux x86-64 ELF file of the tree, and each
 * Linux x86-64 native inside its jars (what ONNX Runtime, JavaCPP, Kafka's compressors or Netty would extract and
 * load), is listed by the image's own dynamic loader under {@code chroot}, with the image's {@code LD_LIBRARY_PATH},
 * plus what a running process already holds when it loads the library: the JVM's {@code libjvm.so}, and the other
 * libraries of the same folder under their sonames (ONNX Runtime loads {@code libonnxruntime.so} by path before its
 * JNI library, which needs it as {@code libonnxruntime.so.1}). A dependency the image lacks reads "not found", and
 * nothing from this machine can stand in for it.
 */
public final class NativeCheck {
    /** The loader every x86-64 glibc image has. */
    static final String LOADER = "/lib64/ld-linux-x86-64.so.2";
    private static final String SCRATCH = "tmp/.native-check";
    private static final java.util.regex.Pattern CANNOT_OPEN = java.util.regex.Pattern.compile(
            "error while loading shared libraries: ([^:]+): cannot open shared object file");

    /** One library with what it needs and the image lacks. */
    public record Unresolved(String library, List<String> missing) {
    }

    /** How many libraries were listed, those from jars among them, and those that do not resolve. */
    public record Report(int checked, int fromJars, List<Unresolved> unresolved) {
    }

    private NativeCheck() {
    }

    /** Checks the unpacked {@code tree}; runs as root ({@code chroot}). */
    public static Report check(ImageTree tree) throws IOException {
        Path root = tree.root();
        Path scratch = root.resolve(SCRATCH);
        ImageFiles.deleteTree(scratch);
        List<Unresolved> unresolved = new ArrayList<>();
        int checked = 0;
        int fromJars = 0;
        String path = tree.env().getOrDefault("LD_LIBRARY_PATH", "");
        try {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
            }
            List<Path> libraries = new ArrayList<>();
            for (Path file : files) {
                if (isLinuxX64Elf(file)) {
                    libraries.add(file);
                } else if (file.toString().endsWith(".jar")) {
                    List<Path> natives = extractNatives(file, scratch.resolve(root.relativize(file).toString()));
                    fromJars += natives.size();
                    libraries.addAll(natives);
                }
            }
            String jvm = libraries.stream().filter(p -> p.getFileName().toString().equals("libjvm.so"))
                    .map(p -> ":/" + root.relativize(p.getParent())).findFirst().orElse("");
            Map<Path, String> sonameFolders = new java.util.HashMap<>();
            for (Path lib : libraries) {
                String folder = sonameFolders.computeIfAbsent(lib.getParent(),
                        dir -> sonameFolder(root, dir, libraries, scratch.resolve("sonames/" + sonameFolders.size())));
                checked++;
                list(root, lib, path + ":/" + root.relativize(lib.getParent()) + ":" + folder + jvm)
                        .ifPresent(unresolved::add);
            }
        } finally {
            ImageFiles.deleteTree(scratch);
        }
        return new Report(checked, fromJars, unresolved);
    }

    /** A folder (as the image sees it) of links named by the sonames of {@code dir}'s libraries to the files. */
    private static String sonameFolder(Path root, Path dir, List<Path> libraries, Path links) {
        try {
            Files.createDirectories(links);
            for (Path lib : libraries) {
                if (!lib.getParent().equals(dir)) {
                    continue;
                }
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("Library soname: \\[([^\\]]+)]")
                        .matcher(Debian.run(List.of("readelf", "-d", lib.toString())));
                if (m.find() && !m.group(1).equals(lib.getFileName().toString())
                        && !Files.exists(links.resolve(m.group(1)), LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(links.resolve(m.group(1)), Path.of("/" + root.relativize(lib)));
                }
            }
            return "/" + root.relativize(links);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static java.util.Optional<Unresolved> list(Path root, Path lib, String libraryPath) throws IOException {
        String inImage = "/" + root.relativize(lib);
        ProcessBuilder builder = new ProcessBuilder("chroot", root.toString(), LOADER, "--list", inImage)
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(Map.of("LD_LIBRARY_PATH", libraryPath, "PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        List<String> missing = new ArrayList<>(out.lines().filter(l -> l.contains("=> not found"))
                .map(l -> l.trim().split("\\s+")[0]).toList());
        java.util.regex.Matcher failed = CANNOT_OPEN.matcher(out); // the loader stops at the first it cannot open
        if (failed.find()) {
            missing.add(failed.group(1));
        }
        if (!missing.isEmpty()) {
            return java.util.Optional.of(new Unresolved(inImage, missing));
        }
        if (process.exitValue() != 0 && !out.contains("statically linked") && !out.contains("not a dynamic executable")) {
            return java.util.Optional.of(new Unresolved(inImage, List.of("(loader failed: " + out.trim() + ")")));
        }
        return java.util.Optional.empty();
    }

    /** Whether {@code file} is a 64-bit little-endian x86-64 ELF object for Linux (System V or GNU ABI). */
    static boolean isLinuxX64Elf(Path file) throws IOException {
        byte[] head = new byte[20];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, head.length) < head.length) {
                return false;
            }
        }
        return head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F' && head[4] == 2 && head[5] == 1
                && (head[7] == 0 || head[7] == 3) && head[18] == 0x3e && head[19] == 0;
    }

    /** A jar's natives for Linux x86-64 with glibc (not musl, not Android), by the folder naming them. */
    static boolean isLinuxX64Entry(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.matches(".*\\.so(\\.[0-9.]+)?$") && n.contains("linux") && !n.contains("musl") && !n.contains("android")
                && (n.contains("x86_64") || n.contains("amd64") || n.contains("x64") || n.contains("x86-64"));
    }

    private static List<Path> extractNatives(Path jar, Path into) throws IOException {
        List<Path> out = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory() || !isLinuxX64Entry(entry.getName())) {
                    continue;
                }
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                if (isLinuxX64Elf(target)) {
                    out.add(target);
                }
            }
        }
        return out;
    }
}
