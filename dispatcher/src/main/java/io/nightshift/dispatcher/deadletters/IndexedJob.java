package io.nightshift.dispatcher.deadletters;

import io.nightshift.protocol.Job;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A job's place in the index (mutable, guarded by the index's owner); {@link #snapshot()} is what leaves it. */
final class IndexedJob {
    final String jobId;
    final Deque<DeadLetterEntry> letters = new ArrayDeque<>();
    String batchId;
    Job job;
    int rawPayloadBytes = -1;
    String rawPayloadStoredAt;
    /** The latest dead letter's place in the index's order. */
    DeadLetterIndex.Order order;

    IndexedJob(String jobId) {
        this.jobId = jobId;
    }

    DeadLetterJob snapshot() {
        return new DeadLetterJob(jobId, batchId, job, rawPayloadBytes, rawPayloadStoredAt, List.copyOf(letters));
    }
}
