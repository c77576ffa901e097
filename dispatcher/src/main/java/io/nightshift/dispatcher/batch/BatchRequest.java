package io.nightshift.dispatcher.batch;

import io.nightshift.dispatcher.listing.RawFilter;
import io.nightshift.protocol.OutputFormat;

import java.util.List;

/**
 * A validated request for jobs, as recorded with its batch.
 *
 * @param sourceBucket the bucket holding the RAW files
 * @param sourcePrefix the listed prefix ({@code ""} for the whole bucket); for a single job the object's key
 * @param outputBucket where results go
 * @param outputPrefix the output folder ({@code ""} or ending with {@code /})
 * @param format       output format, by its wire name ({@code png16}, {@code tiff16}, {@code jpeg}, {@code dng})
 * @param extensions   RAW extensions (lower case, no dot)
 * @param minBytes     smallest object accepted, or {@code null}
 * @param maxBytes     largest object accepted, or {@code null}
 * @param ratio        explicit amplification ratio, or {@code null} to estimate it
 */
public record BatchRequest(String sourceBucket, String sourcePrefix, String outputBucket, String outputPrefix,
                           String format, List<String> extensions, Long minBytes, Long maxBytes, Double ratio) {
    public BatchRequest {
        extensions = extensions == null ? List.of() : List.copyOf(extensions);
    }

    public OutputFormat outputFormat() {
        return OutputFormat.fromWireName(format);
    }

    public RawFilter filter() {
        return RawFilter.of(extensions, minBytes, maxBytes);
    }
}
