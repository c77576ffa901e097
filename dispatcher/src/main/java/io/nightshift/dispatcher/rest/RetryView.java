package io.nightshift.dispatcher.rest;

/**
 * The answer to retry-failed.
 *
 * @param requeued failed jobs published again as their next attempt
 * @param skipped  failed jobs not re-enqueued: their job record was never seen (source unknown), or another call
 *                 (a concurrent retry, a dead-letter replay) re-enqueued them meanwhile
 */
public record RetryView(String batchId, int requeued, int skipped) {
}
