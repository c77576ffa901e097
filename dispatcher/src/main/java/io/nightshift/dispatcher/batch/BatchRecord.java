package io.nightshift.dispatcher.batch;

import java.time.Instant;

/**
 * A batch's latest state, as kept (keyed by batch id) in the compacted {@code nightshift.batch-status} topic.
 * {@code published} and {@code lastAckedKey} are consistent with each other: {@code lastAckedKey} is the
 * highest listed key such that it and every job before it (the listing is in key order) are acknowledged by the
 * broker, and {@code published} counts exactly those jobs. Resuming lists after {@code lastAckedKey} and counts
 * on from {@code published}, so a job republished across a crash counts once.
 *
 * @param schemaVersion 1
 * @param batchId       the batch id
 * @param origin        how the jobs came to be
 * @param state         LISTING, SEALED, CANCELLED or OPEN
 * @param requestId     the client's request id, or {@code null}
 * @param request       what was asked for
 * @param published     jobs acknowledged by the broker (see above)
 * @param lastAckedKey  resume point, or {@code null} before the first acknowledgement
 * @param total         the number of jobs once SEALED, else {@code null}
 * @param createdAt     when the batch was accepted
 * @param updatedAt     when this record was written
 * @param listedBy      the replica ({@code nightshift.dispatcher.instance}) whose listing wrote this record, or
 *                      {@code null} for a record written by a request
 */
public record BatchRecord(int schemaVersion, String batchId, BatchOrigin origin, BatchState state, String requestId,
                          BatchRequest request, long published, String lastAckedKey, Long total,
                          Instant createdAt, Instant updatedAt, String listedBy) {
    public static final int SCHEMA_VERSION = 1;

    public static BatchRecord accepted(String batchId, BatchOrigin origin, BatchState state, String requestId,
                                       BatchRequest request, Instant now) {
        return new BatchRecord(SCHEMA_VERSION, batchId, origin, state, requestId, request, 0, null, null, now, now,
                null);
    }

    public BatchRecord progress(long published, String lastAckedKey, Instant now) {
        return new BatchRecord(schemaVersion, batchId, origin, state, requestId, request, published, lastAckedKey,
                total, createdAt, now, listedBy);
    }

    public BatchRecord sealed(long total, String lastAckedKey, Instant now) {
        return new BatchRecord(schemaVersion, batchId, origin, BatchState.SEALED, requestId, request, total,
                lastAckedKey, total, createdAt, now, listedBy);
    }

    public BatchRecord cancelled(long published, String lastAckedKey, Instant now) {
        return new BatchRecord(schemaVersion, batchId, origin, BatchState.CANCELLED, requestId, request, published,
                lastAckedKey, null, createdAt, now, listedBy);
    }

    /** Asked to stop: the replica listing it stops publishing and records CANCELLED with the final count. */
    public BatchRecord cancelling(Instant now) {
        return new BatchRecord(schemaVersion, batchId, origin, BatchState.CANCELLING, requestId, request, published,
                lastAckedKey, null, createdAt, now, listedBy);
    }

    /** The same state, now listed by {@code replica}. */
    public BatchRecord listedBy(String replica) {
        return new BatchRecord(schemaVersion, batchId, origin, state, requestId, request, published, lastAckedKey,
                total, createdAt, updatedAt, replica);
    }

    /** Whether nothing will change this batch any more (SEALED or CANCELLED). */
    public boolean ended() {
        return state == BatchState.SEALED || state == BatchState.CANCELLED;
    }

    /**
     * What a newer record of this batch leaves known (both in topic order): an ended batch stays as it ended (a
     * late checkpoint of a replica that has lost the batch changes nothing); a batch being cancelled stays
     * CANCELLING while its listing's checkpoints still come in, taking their counts; else the newer record.
     */
    public BatchRecord then(BatchRecord newer) {
        if (ended() && !newer.ended()) {
            return this;
        }
        if (state == BatchState.CANCELLING && newer.state == BatchState.LISTING) {
            return new BatchRecord(newer.schemaVersion, batchId, origin, BatchState.CANCELLING, requestId, request,
                    newer.published, newer.lastAckedKey, null, createdAt, newer.updatedAt, newer.listedBy);
        }
        return newer;
    }
}
