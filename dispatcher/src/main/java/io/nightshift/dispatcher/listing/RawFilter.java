package io.nightshift.dispatcher.listing;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which listed objects become jobs: RAW extensions (any case) and optional size limits.
 *
 * @param extensions lower-case extensions without the dot
 * @param minBytes   smallest size accepted, inclusive, or {@code null}
 * @param maxBytes   largest size accepted, inclusive, or {@code null}
 */
public record RawFilter(Set<String> extensions, Long minBytes, Long maxBytes) {
    public RawFilter {
        extensions = extensions.stream().map(RawFilter::normalise).collect(Collectors.toUnmodifiableSet());
    }

    public static RawFilter of(List<String> extensions, Long minBytes, Long maxBytes) {
        return new RawFilter(Set.copyOf(extensions), minBytes, maxBytes);
    }

    /** An extension as compared: lower case, without a leading dot. */
    public static String normalise(String extension) {
        String trimmed = extension.trim();
        return (trimmed.startsWith(".") ? trimmed.substring(1) : trimmed).toLowerCase(Locale.ROOT);
    }

    public boolean accepts(String key, long size) {
        return hasRawExtension(key) && (minBytes == null || size >= minBytes) && (maxBytes == null || size <= maxBytes);
    }

    public boolean hasRawExtension(String key) {
        int slash = key.lastIndexOf('/');
        int dot = key.lastIndexOf('.');
        if (dot <= slash + 1 || dot == key.length() - 1) {
            return false; // no extension, or a hidden file like ".NEF"
        }
        return extensions.contains(key.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
