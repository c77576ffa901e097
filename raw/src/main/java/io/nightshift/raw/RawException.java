package io.nightshift.raw;

/**
 * Base of the RAW front end's errors. All of them are <em>poison</em> for a job: the same bytes fail
 * the same way on a retry, so the caller dead-letters the input with {@link #getMessage()} as the
 * reason.
 */
public abstract class RawException extends RuntimeException {

    protected RawException(String message) {
        super(message);
    }

    protected RawException(String message, Throwable cause) {
        super(message, cause);
    }
}
