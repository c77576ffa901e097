package io.nightshift.worker.failure;

/**
 * The broker (or the producer before it) refused a record for a reason that sending it again cannot change: the
 * record is larger than the topic or the producer admits, the topic name is invalid, this worker is not authorized
 * on the topic, the record could not be serialized. Not a {@link TransientFailure}: it is never retried without end.
 * {@link #tooLarge()} tells the dead-letter path to store the payload and send a reference instead.
 */
public class PublishRefused extends RuntimeException {

    private final boolean tooLarge;

    public PublishRefused(String message, Throwable cause, boolean tooLarge) {
        super(message, cause);
        this.tooLarge = tooLarge;
    }

    /** Whether the record was refused for its size (RecordTooLargeException, RecordBatchTooLargeException). */
    public boolean tooLarge() {
        return tooLarge;
    }
}
