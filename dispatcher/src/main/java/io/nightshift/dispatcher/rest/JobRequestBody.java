package io.nightshift.dispatcher.rest;

/** The body of {@code POST /api/jobs}: one RAW object; {@code bucket} and {@code key} are required. */
public record JobRequestBody(String bucket, String key, String outputBucket, String outputPrefix, String format,
                             Double ratio, String requestId) {
}
