package io.nightshift.dispatcher.batch;

/** How a batch's jobs came to be. */
public enum BatchOrigin {
    /** {@code POST /api/batches}: a listed prefix. */
    PREFIX,
    /** {@code POST /api/jobs}: one object, a batch of one. */
    SINGLE,
    /** MinIO bucket notifications, one rolling batch per day. */
    NOTIFICATIONS
}
