package io.nightshift.dispatcher.batch;

import java.util.List;

/** A request the dispatcher refuses, with every offending field (answered as 400). */
public class InvalidRequestException extends RuntimeException {
    /** One offending field, by its name in the request body. */
    public record FieldError(String field, String message) {
    }

    private final List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""));
        this.errors = List.copyOf(errors);
    }

    public InvalidRequestException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
