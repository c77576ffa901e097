package io.nightshift.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * A job the fleet gave up on, with the reason: protocol v1's dead-letter record. Nothing is lost: the parsed job,
 * the original bytes, or (when those would not fit on the topic) where the original bytes were stored is kept.
 *
 * @param job        the original job, or {@code null} when it could not be parsed
 * @param rawPayload the original record value when the job could not be parsed and it fits, else {@code null}
 * @param errorClass why
 * @param reason     human-readable reason
 * @param attempts   how many attempts were made
 * @param workerId   the worker that gave up
 * @param at         when
 * @param storedPayload where the original record value was stored when it could not be parsed and was too large
 *                   to travel inline, else {@code null}
 */
public record DeadLetter(Job job, byte[] rawPayload, ErrorClass errorClass, String reason, int attempts,
                         String workerId, Instant at, StoredPayload storedPayload) {
    public DeadLetter {
        int kept = (job != null ? 1 : 0) + (rawPayload != null ? 1 : 0) + (storedPayload != null ? 1 : 0);
        if (kept != 1) {
            throw new IllegalArgumentException("a dead letter keeps exactly one of the job, its raw payload or where"
                    + " the raw payload was stored");
        }
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(at, "at");
        rawPayload = rawPayload == null ? null : rawPayload.clone();
    }

    /** A dead letter keeping the job or the raw payload itself. */
    public DeadLetter(Job job, byte[] rawPayload, ErrorClass errorClass, String reason, int attempts, String workerId,
                      Instant at) {
        this(job, rawPayload, errorClass, reason, attempts, workerId, at, null);
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
