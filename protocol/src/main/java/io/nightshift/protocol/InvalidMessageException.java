package io.nightshift.protocol;

/** A message that is not valid protocol v1; names the offending field (dotted path, e.g. {@code source.key}). */
public class InvalidMessageException extends PoisonJobException {
    private final String field;

    public InvalidMessageException(String field, String problem) {
        super(ErrorClass.INVALID_MESSAGE, field == null ? problem : "field '" + field + "': " + problem);
        this.field = field;
    }

    /** The offending field, or {@code null} when the message as a whole is unreadable. */
    public String field() {
        return field;
    }
}
