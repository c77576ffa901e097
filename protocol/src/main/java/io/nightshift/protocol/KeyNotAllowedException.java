package io.nightshift.protocol;

/** A bucket or object key that is malformed, hostile (path traversal, control characters) or outside policy. */
public class KeyNotAllowedException extends PoisonJobException {
    private final String field;
    private final String problem;

    public KeyNotAllowedException(String field, String problem) {
        super(ErrorClass.KEY_NOT_ALLOWED, "field '" + field + "': " + problem);
        this.field = field;
        this.problem = problem;
    }

    public String field() {
        return field;
    }

    /** What is wrong, without the field name (for APIs that report the field separately). */
    public String problem() {
        return problem;
    }
}
