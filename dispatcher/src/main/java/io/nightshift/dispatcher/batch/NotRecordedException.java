package io.nightshift.dispatcher.batch;

/**
 * The broker did not acknowledge a write that a state change depends on (a batch record, a job): nothing was
 * changed, and the caller may try again (answered as 503). With the same {@code requestId} a retry is the same
 * batch and the same jobs.
 */
public class NotRecordedException extends RuntimeException {
    public NotRecordedException(String message, Throwable cause) {
        super(message, cause);
    }
}
