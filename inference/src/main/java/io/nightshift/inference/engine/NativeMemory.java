package io.nightshift.inference.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's memory as Linux reports it in {@code /proc/self/status}: resident set size now
 * ({@code VmRSS}) and at its peak ({@code VmHWM}), in bytes.
 */
public record NativeMemory(long residentBytes, long peakResidentBytes) {

    private static final Path STATUS = Path.of("/proc/self/status");

    public static NativeMemory now() {
        try {
            long rss = -1;
            long hwm = -1;
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                }
            }
            if (rss < 0 || hwm < 0) {
                throw new IllegalStateException(STATUS + " has no VmRSS / VmHWM");
            }
            return new NativeMemory(rss * 1024, hwm * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STATUS, e);
        }
    }

    public double residentMiB() {
        return residentBytes / (1024.0 * 1024.0);
    }

    public double peakResidentMiB() {
        return peakResidentBytes / (1024.0 * 1024.0);
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
