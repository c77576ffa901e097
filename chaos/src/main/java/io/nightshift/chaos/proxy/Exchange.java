package io.nightshift.chaos.proxy;

import java.time.Instant;

/**
 * One HTTP request the fault proxy saw and what became of it.
 *
 * @param method  {@code GET}, {@code PUT}, {@code HEAD}…
 * @param bucket  the first path segment (path-style addressing), empty for a request of the service
 * @param key     the object key (URL-decoded), empty for a bucket request
 * @param outcome how it ended
 * @param at      when it ended
 */
public record Exchange(String method, String bucket, String key, Outcome outcome, Instant at) {

    /** How a request ended at the proxy. */
    public enum Outcome {
        /** The store answered and the connection ended normally. */
        COMPLETED,
        /** The client went away (closed or reset) before the store's answer was complete: a killed process. */
        CLIENT_GONE,
        /** The proxy cut the connection when a fault began, the answer incomplete. */
        CUT,
        /** Answered 503 by the proxy. */
        UNAVAILABLE,
        /** Answered 403 by the proxy. */
        FORBIDDEN,
        /** Read and never answered: the client gave up (or the fault ended and the proxy closed it). */
        STALLED
    }

    /** Whether this request reached the store's object {@code bucket/key} with {@code method}. */
    public boolean is(String method, String bucket, String key) {
        return this.method.equals(method) && this.bucket.equals(bucket) && this.key.equals(key);
    }
}
