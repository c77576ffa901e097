package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.batch.BatchOrigin;
import io.nightshift.dispatcher.batch.BatchRecord;
import io.nightshift.dispatcher.batch.BatchRequest;
import io.nightshift.dispatcher.batch.BatchState;

import java.time.Instant;

/**
 * A batch as the API shows it.
 *
 * @param published jobs acknowledged by the broker so far (live while listing)
 * @param total     the number of jobs, once SEALED
 */
public record BatchView(String batchId, BatchOrigin origin, BatchState state, String requestId, BatchRequest request,
                        long published, Long total, Instant createdAt, Instant updatedAt) {
    static BatchView of(BatchRecord batch, long published) {
        return new BatchView(batch.batchId(), batch.origin(), batch.state(), batch.requestId(), batch.request(),
                published, batch.total(), batch.createdAt(), batch.updatedAt());
    }
}
