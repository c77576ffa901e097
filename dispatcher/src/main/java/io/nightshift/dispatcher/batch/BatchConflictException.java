package io.nightshift.dispatcher.batch;

/** The request contradicts the batch's state or an earlier request (answered as 409). */
public class BatchConflictException extends RuntimeException {
    public BatchConflictException(String message) {
        super(message);
    }
}
