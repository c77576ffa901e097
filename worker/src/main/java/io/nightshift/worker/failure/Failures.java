package io.nightshift.worker.failure;

import io.nightshift.inference.registry.ModelUnavailableException;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.PoisonJobException;
import io.nightshift.raw.RawDecodeException;
import io.nightshift.raw.RawException;
import io.nightshift.raw.RawTooLargeException;
import io.nightshift.raw.UnsupportedSensorException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a failure means for its job (the project's rule: split by what happens to the job): retry the stage
 * ({@link Kind#TRANSIENT}), dead-letter the job with an error class ({@link Kind#POISON}), or retry a few
 * times and then dead-letter as {@code INTERNAL} ({@link Kind#INTERNAL}: a bug or an unknown environment
 * failure). Only the edges decide what is transient: {@code ObjectStore} and {@code ResultPublisher} turn
 * the object store's and the broker's retryable errors into {@link TransientFailure}; anything unclassified is
 * {@code INTERNAL}, so a bug never loops forever.
 */
public final class Failures {

    public enum Kind { TRANSIENT, POISON, INTERNAL }

    /** A classified failure: its kind, the error class a dead letter would carry, and a one-line reason. */
    public record Verdict(Kind kind, ErrorClass errorClass, String reason) {
    }

    private Failures() {
    }

    public static Verdict classify(Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof PoisonJobException poison) {
            return new Verdict(Kind.POISON, poison.errorClass(), message(e));
        }
        if (e instanceof RawTooLargeException) {
            return new Verdict(Kind.POISON, ErrorClass.TOO_LARGE, message(e));
        }
        if (e instanceof UnsupportedSensorException) {
            return new Verdict(Kind.POISON, ErrorClass.UNSUPPORTED_SENSOR, message(e));
        }
        if (e instanceof RawDecodeException || e instanceof RawException) {
            return new Verdict(Kind.POISON, ErrorClass.DECODE_FAILED, message(e));
        }
        if (e instanceof TransientFailure || e instanceof ModelUnavailableException) {
            // ModelUnavailableException: no set serves yet (start-up, or every load refused); the job waits for one
            return new Verdict(Kind.TRANSIENT, ErrorClass.MODEL_UNAVAILABLE, message(e));
        }
        return new Verdict(Kind.INTERNAL, ErrorClass.INTERNAL, message(e));
    }

    /** The cause behind the wrappers of futures and reflection. */
    public static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException
                || t instanceof java.io.UncheckedIOException || t instanceof java.lang.reflect.UndeclaredThrowableException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** One line: the message, or the class name when there is none; the class name for non-domain errors. */
    public static String message(Throwable e) {
        String message = e.getMessage();
        boolean domain = e instanceof PoisonJobException || e instanceof RawException;
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return domain ? line : e.getClass().getSimpleName() + ": " + line;
    }
}
