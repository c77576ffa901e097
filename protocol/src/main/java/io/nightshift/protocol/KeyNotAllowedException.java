package io.nightshift.protocol;

/** A bucket or object key that is malformed, hostile (path traversal, control characters) or outside policy. */
public class KeyNotAllowedException extends PoisonJobException {
    private final String field;

    public KeyNotAllowedException(String field, String problem) {
        super(ErrorClass.KEY_NOT_ALLOWED, "field '" + field + "': " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
