package io.nightshift.dispatcher.rest;

import java.util.List;

/** The body of {@code POST /api/batches}; only {@code sourceBucket} is required. */
public record BatchRequestBody(String sourceBucket, String sourcePrefix, String outputBucket, String outputPrefix,
                               String format, List<String> extensions, Long minBytes, Long maxBytes, Double ratio,
                               String requestId) {
}
