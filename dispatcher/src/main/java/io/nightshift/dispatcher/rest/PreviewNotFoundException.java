package io.nightshift.dispatcher.rest;

/** No preview to show: unknown job, not done, no such preview in its result, or the object is gone. (404) */
public class PreviewNotFoundException extends RuntimeException {
    public PreviewNotFoundException(String message) {
        super(message, null, false, false);
    }
}
