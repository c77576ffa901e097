package io.nightshift.worker.storage;

import io.nightshift.worker.failure.TransientFailure;

/**
 * The object store did not answer, or answered with a failure a later try may not have (connection refused or
 * reset, a timeout, a stalled transfer, 5xx, throttling, a truncated response): transient, and a reason for the
 * pipeline to ask whether the store is down for the worker as a whole ({@code OwnLocationCheck}).
 */
public final class StoreUnavailable extends TransientFailure {
    public StoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
