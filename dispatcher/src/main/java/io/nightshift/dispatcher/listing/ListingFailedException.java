package io.nightshift.dispatcher.listing;

/** The S3 server refused or failed a listing page (missing bucket, access denied, connection lost). */
public class ListingFailedException extends RuntimeException {
    public ListingFailedException(Throwable cause) {
        super(describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
