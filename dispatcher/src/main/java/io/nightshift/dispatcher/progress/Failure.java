package io.nightshift.dispatcher.progress;

/**
 * A job whose latest attempt failed. {@code sourceKey} is null when its job record was not seen; {@code errorClass}
 * is the wire name, also of a class this version does not know (a later protocol addition).
 */
public record Failure(String jobId, String sourceKey, int attempt, String errorClass, String reason) {
}
