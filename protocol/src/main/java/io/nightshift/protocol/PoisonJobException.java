package io.nightshift.protocol;

import java.util.Objects;

/**
 * A failure that retrying cannot cure: the job is dead-lettered with {@link #errorClass()} and the message as
 * its reason, and the worker moves on. Transient failures (a storage timeout, a broker hiccup) are never of
 * this type.
 */
public class PoisonJobException extends RuntimeException {
    private final ErrorClass errorClass;

    public PoisonJobException(ErrorClass errorClass, String reason) {
        this(errorClass, reason, null);
    }

    public PoisonJobException(ErrorClass errorClass, String reason, Throwable cause) {
        super(reason, cause);
        this.errorClass = Objects.requireNonNull(errorClass, "errorClass");
    }

    public ErrorClass errorClass() {
        return errorClass;
    }
}
