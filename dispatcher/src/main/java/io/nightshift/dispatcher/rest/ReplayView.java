package io.nightshift.dispatcher.rest;

import java.util.List;

/**
 * The answer to a dead-letter replay.
 *
 * @param requeued jobs published again as their next attempt
 * @param skipped  jobs not re-enqueued, each with its reason
 * @param items    per job id, in the order asked
 */
public record ReplayView(int requeued, int skipped, List<Item> items) {
    /**
     * @param outcome {@code requeued} or {@code skipped}
     * @param attempt the attempt published, when requeued
     * @param reason  why it was skipped: not replayable without force, only a raw payload, already requeued, unknown
     */
    public record Item(String jobId, String outcome, Integer attempt, String reason) {
    }
}
