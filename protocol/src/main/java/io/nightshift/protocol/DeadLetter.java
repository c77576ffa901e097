package io.nightshift.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * A job the fleet gave up on, with the reason: protocol v1's dead-letter record. Nothing is lost: either the
 * parsed job or the original bytes are kept.
 *
 * @param job        the original job, or {@code null} when it could not be parsed
 * @param rawPayload the original record value when the job could not be parsed, else {@code null}
 * @param errorClass why
 * @param reason     human-readable reason
 * @param attempts   how many attempts were made
 * @param workerId   the worker that gave up
 * @param at         when
 */
public record DeadLetter(Job job, byte[] rawPayload, ErrorClass errorClass, String reason, int attempts,
                         String workerId, Instant at) {
    public DeadLetter {
        if (job == null && rawPayload == null) {
            throw new IllegalArgumentException("a dead letter keeps either the job or its raw payload");
        }
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(at, "at");
        rawPayload = rawPayload == null ? null : rawPayload.clone();
    }

    @Override
    public byte[] rawPayload() {
        return rawPayload == null ? null : rawPayload.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeadLetter that
                && Objects.equals(job, that.job)
                && java.util.Arrays.equals(rawPayload, that.rawPayload)
                && errorClass == that.errorClass
                && reason.equals(that.reason)
                && attempts == that.attempts
                && workerId.equals(that.workerId)
                && at.equals(that.at);
    }

    @Override
    public int hashCode() {
        return Objects.hash(job, java.util.Arrays.hashCode(rawPayload), errorClass, reason, attempts, workerId, at);
    }

    @Override
    public String toString() {
        return "DeadLetter[" + (job != null ? "job=" + job.jobId() : "raw " + rawPayload.length + " bytes")
                + ", " + errorClass + ": " + reason + ", attempts=" + attempts + ", worker=" + workerId + "]";
    }
}
