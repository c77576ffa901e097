package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.batch.BatchState;

/**
 * The answer to a cancel.
 *
 * @param queued jobs published before the cancel took effect: they stay queued and still run
 */
public record CancelView(String batchId, BatchState state, long queued) {
}
