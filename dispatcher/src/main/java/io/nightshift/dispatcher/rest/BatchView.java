package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.batch.BatchOrigin;
import io.nightshift.dispatcher.batch.BatchRecord;
import io.nightshift.dispatcher.batch.BatchRequest;
import io.nightshift.dispatcher.batch.BatchState;
import io.nightshift.dispatcher.progress.Counts;

import java.time.Instant;

/**
 * A batch as the API shows it.
 *
 * @param published jobs acknowledged by the broker so far (live while listing)
 * @param total     the number of jobs, once SEALED
 * @param queued    jobs neither done nor failed (published or seen, less done and failed)
 * @param done      jobs whose latest attempt succeeded
 * @param failed    jobs whose latest attempt failed
 * @param listedBy  the dispatcher replica listing (or that listed) the batch, once its listing recorded progress
 */
public record BatchView(String batchId, BatchOrigin origin, BatchState state, String requestId, BatchRequest request,
                        long published, Long total, long queued, long done, long failed, Instant createdAt,
                        Instant updatedAt, String listedBy) {
    static BatchView of(BatchRecord batch, long published, Counts counts) {
        long jobs = batch.total() != null ? batch.total() : published;
        return new BatchView(batch.batchId(), batch.origin(), batch.state(), batch.requestId(), batch.request(),
                published, batch.total(), counts.queued(jobs), counts.done(), counts.failed(), batch.createdAt(),
                batch.updatedAt(), batch.listedBy());
    }
}
