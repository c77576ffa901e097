package io.nightshift.trainer.export;

/** An export that must not be used: the graph could not be built, validated or run, or parity failed. */
public class ExportException extends RuntimeException {

    public ExportException(String message) {
        super(message);
    }

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
