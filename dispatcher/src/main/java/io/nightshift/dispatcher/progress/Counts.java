package io.nightshift.dispatcher.progress;

/**
 * A batch's progress as derived from the jobs and results topics.
 *
 * @param seen   distinct jobs of the batch seen on the jobs or results topic
 * @param done   jobs whose latest attempt succeeded
 * @param failed jobs whose latest attempt failed
 */
public record Counts(long seen, long done, long failed) {
    public static final Counts NONE = new Counts(0, 0, 0);

    /** Jobs neither done nor failed, given how many the batch published (or its total once sealed). */
    public long queued(long published) {
        return Math.max(0, Math.max(published, seen) - done - failed);
    }
}
