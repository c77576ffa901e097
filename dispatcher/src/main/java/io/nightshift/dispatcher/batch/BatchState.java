package io.nightshift.dispatcher.batch;

/** Where a batch stands in its publishing life (progress from results is tracked elsewhere). */
public enum BatchState {
    /** The prefix is being listed and jobs published; a restarted dispatcher resumes it. */
    LISTING,
    /** Listing finished; every job is acknowledged by the broker and {@code total} is final. */
    SEALED,
    /**
     * Asked to stop (by a request to another replica than the one listing it): the lister stops publishing and
     * records CANCELLED with the final count.
     */
    CANCELLING,
    /** Cancelled: no more jobs are published; those already queued still run. */
    CANCELLED,
    /** A batch that stays open and grows: the rolling batch of bucket-notification jobs. */
    OPEN
}
