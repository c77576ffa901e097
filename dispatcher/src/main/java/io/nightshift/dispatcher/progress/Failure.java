package io.nightshift.dispatcher.progress;

import io.nightshift.protocol.ErrorClass;

/** A job whose latest attempt failed. {@code sourceKey} is null when its job record was not seen. */
public record Failure(String jobId, String sourceKey, int attempt, ErrorClass errorClass, String reason) {
}
