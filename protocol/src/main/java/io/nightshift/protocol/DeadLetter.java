package io.nightshift.protocol;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job the fleet gave up on, with the reason: protocol v1's dead-letter record. Nothing is lost: the parsed job,
 * the original bytes, or (when those would not fit on the topic) where the original bytes were stored is kept.
 *
 * @param job        the original job, or {@code null} when it could not be parsed
 * @param rawPayload the original record value when the job could not be parsed and it fits, else {@code null}
 * @param errorClass why: an {@link ErrorClass}'s wire name, or a later protocol addition's
 *                   ({@link ErrorClass#isWellFormedName}), which this version keeps as text
 * @param reason     human-readable reason
 * @param attempts   how many attempts were made
 * @param workerId   the worker that gave up
 * @param at         when
 * @param storedPayload where the original record value was stored when it could not be parsed and was too large
 *                   to travel inline, else {@code null}
 */
public record DeadLetter(Job job, byte[] rawPayload, String errorClass, String reason, int attempts,
                         String workerId, Instant at, StoredPayload storedPayload) {
    public DeadLetter {
        int kept = (job != null ? 1 : 0) + (rawPayload != null ? 1 : 0) + (storedPayload != null ? 1 : 0);
        if (kept != 1) {
            throw new IllegalArgumentException("a dead letter keeps exactly one of the job, its raw payload or where"
                    + " the raw payload was stored");
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

    /** A dead letter of one of this version's classes keeping the job or the raw payload itself. */
    public DeadLetter(Job job, byte[] rawPayload, ErrorClass errorClass, String reason, int attempts, String workerId,
                      Instant at) {
        this(job, rawPayload, errorClass, reason, attempts, workerId, at, null);
    }

    /** A dead letter of one of this version's classes (what a worker writes). */
    public DeadLetter(Job job, byte[] rawPayload, ErrorClass errorClass, String reason, int attempts, String workerId,
                      Instant at, StoredPayload storedPayload) {
        this(job, rawPayload, Objects.requireNonNull(errorClass, "errorClass").name(), reason, attempts, workerId, at,
                storedPayload);
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
                && at.equals(that.at)
                && Objects.equals(storedPayload, that.storedPayload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(job, java.util.Arrays.hashCode(rawPayload), errorClass, reason, attempts, workerId, at,
                storedPayload);
    }

    @Override
    public String toString() {
        return "DeadLetter[" + (job != null ? "job=" + job.jobId() : rawPayload != null ? "raw " + rawPayload.length
                + " bytes" : "raw " + storedPayload.bytes() + " bytes at " + storedPayload.location())
                + ", " + errorClass + ": " + reason + ", attempts=" + attempts + ", worker=" + workerId + "]";
    }
}
