package io.nightshift.worker.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The memory limit of the container (the cgroup) this process runs in, read from the cgroup files the kernel
 * exposes: cgroup v2 {@code memory.max} ({@code max}: no limit), else cgroup v1 {@code memory/memory.limit_in_bytes}
 * (no limit is a huge sentinel, 9223372036854771712). The process's own cgroup ({@code /proc/self/cgroup}) is
 * looked up first, then the hierarchy's root, as the JVM does: inside a container the root is the container's.
 */
public final class ContainerMemory {

    /** Where Linux mounts the cgroup hierarchy. */
    public static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    /** At or above this a v1 limit means "none" (the kernel's unlimited is {@code LONG_MAX} rounded to a page). */
    static final long UNLIMITED = 1L << 60;

    private ContainerMemory() {
    }

    /** This process's container limit, or empty when none is set or the files are not there. */
    public static OptionalLong limit() {
        String self;
        try {
            self = Files.readString(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            self = "";
        }
        return limit(CGROUP_ROOT, self);
    }

    /**
     * The limit under {@code root} for a process whose {@code /proc/self/cgroup} reads {@code procSelfCgroup}.
     *
     * @return the limit in bytes, or empty: {@code max}, the v1 sentinel, or no such files
     */
    public static OptionalLong limit(Path root, String procSelfCgroup) {
        String v2Path = null;
        String v1Path = null;
        for (String line : procSelfCgroup.split("\n")) {
            String[] parts = line.trim().split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                v2Path = parts[2];
            } else if (java.util.Arrays.asList(parts[1].split(",")).contains("memory")) {
                v1Path = parts[2];
            }
        }
        Path v2 = under(root, v2Path).resolve("memory.max");
        if (Files.isRegularFile(v2) || Files.isRegularFile(root.resolve("memory.max"))) {
            return first(v2, root.resolve("memory.max"));
        }
        Path v1 = root.resolve("memory");
        return first(under(v1, v1Path).resolve("memory.limit_in_bytes"), v1.resolve("memory.limit_in_bytes"));
    }

    private static Path under(Path root, String cgroupPath) {
        if (cgroupPath == null || cgroupPath.isEmpty() || cgroupPath.equals("/")) {
            return root;
        }
        return root.resolve(cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath);
    }

    private static OptionalLong first(Path own, Path rootFile) {
        Path file = Files.isRegularFile(own) ? own : rootFile;
        try {
            return parse(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** One cgroup limit file's content: a number of bytes, {@code max}, or v1's unlimited sentinel. */
    static OptionalLong parse(String content) {
        String value = content.trim();
        if (value.isEmpty() || value.equals("max")) {
            return OptionalLong.empty();
        }
        try {
            long bytes = Long.parseLong(value);
            return bytes <= 0 || bytes >= UNLIMITED ? OptionalLong.empty() : OptionalLong.of(bytes);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
