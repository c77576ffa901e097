package io.nightshift.dispatcher.rest;

/**
 * The answer to retry-failed.
 *
 * @param requeued failed jobs published again as their next attempt
 * @param skipped  failed jobs whose job record was never seen (source unknown), not re-enqueued
 */
public record RetryView(String batchId, int requeued, int skipped) {
}
