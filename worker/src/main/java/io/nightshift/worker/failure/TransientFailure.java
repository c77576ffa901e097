package io.nightshift.worker.failure;

/**
 * A failure that a later try may not have: the object store or the broker unreachable, slow or answering
 * 5xx. The stage is retried with backoff; the job keeps its place and is never dead-lettered for it.
 */
public class TransientFailure extends RuntimeException {
    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
