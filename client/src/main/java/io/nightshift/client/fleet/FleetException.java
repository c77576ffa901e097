package io.nightshift.client.fleet;

/** The fleet refused a request or could not be reached; the message says which and why. */
public final class FleetException extends RuntimeException {
    private final boolean transientFailure;

    public FleetException(String message) {
        this(message, false);
    }

    /** @param transientFailure whether the same request may succeed a moment later (unreachable, 5xx) */
    public FleetException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    public FleetException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public FleetException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** Whether the same request may succeed a moment later (the dispatcher unreachable, or answering 5xx). */
    public boolean transientFailure() {
        return transientFailure;
    }
}
