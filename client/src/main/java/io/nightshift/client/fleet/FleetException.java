package io.nightshift.client.fleet;

/** The fleet refused a request or could not be reached; the message says which and why. */
public final class FleetException extends RuntimeException {
    public FleetException(String message) {
        super(message);
    }

    public FleetException(String message, Throwable cause) {
        super(message, cause);
    }
}
