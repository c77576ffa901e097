package io.nightshift.dispatcher.notifications;

/** A bucket-event record that is not the S3 event JSON MinIO publishes. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }
}
