package io.nightshift.protocol;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job the fleet gave up on, with the reason: protocol v1's dead-letter record. Nothing is lost: either the
 * parsed job or the original bytes are kept.
 *
 * @param job        the original job, or {@code null} when it could not be parsed
 * @param rawPayload the original record value when the job could not be parsed, else {@code null}
 * @param errorClass why: an {@link ErrorClass}'s wire name, or a later protocol addition's
 *                   ({@link ErrorClass#isWellFormedName}), which this version keeps as text
 * @param reason     human-readable reason
 * @param attempts   how many attempts were made
 * @param workerId   the worker that gave up
 * @param at         when
 */
public record DeadLetter(Job job, byte[] rawPayload, String errorClass, String reason, int attempts,
                         String workerId, Instant at) {
    public DeadLetter {
        if (job == null && rawPayload == null) {
            throw new IllegalArgumentException("a dead letter keeps either the job or its raw payload");
        }
        Objects.requireNonNull(errorClass, "errorClass");
        if (!ErrorClass.isWellFormedName(errorClass)) {
            throw new IllegalArgumentException("errorClass '" + errorClass + "' is not " + ErrorClass.NAME_RULE);
        }
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(at, "at");
        rawPayload = rawPayload == null ? null : rawPayload.clone();
    }

    /** A dead letter of one of this version's classes (what a worker writes). */
    public DeadLetter(Job job, byte[] rawPayload, ErrorClass errorClass, String reason, int attempts, String workerId,
                      Instant at) {
        this(job, rawPayload, Objects.requireNonNull(errorClass, "errorClass").name(), reason, attempts, workerId, at);
    }

    /** The error class when this version knows it; empty for a later protocol's. */
    public Optional<ErrorClass> knownErrorClass() {
        return ErrorClass.byWireName(errorClass);
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
                && errorClass.equals(that.errorClass)
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
