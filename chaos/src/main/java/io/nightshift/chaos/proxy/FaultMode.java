package io.nightshift.chaos.proxy;

/** What the fault proxy does with the next connections and the requests on them. */
public enum FaultMode {
    /** Forward every request to the store (one request per connection: it adds {@code Connection: close}). */
    PASS,
    /** Nothing listens: connections are refused by the operating system. */
    REFUSE,
    /** Every request is answered {@code 503 ServiceUnavailable} with S3's XML error body. */
    UNAVAILABLE,
    /** Every request is answered {@code 403 AccessDenied} with S3's XML error body. */
    FORBIDDEN,
    /** Connections are accepted and requests read, and nothing is ever answered. */
    STALL
}
