package io.nightshift.client.fleet;

/** A job whose latest attempt failed, with the worker's error class and reason. */
public record FailedJob(String jobId, String sourceKey, int attempt, String errorClass, String reason) {
}
