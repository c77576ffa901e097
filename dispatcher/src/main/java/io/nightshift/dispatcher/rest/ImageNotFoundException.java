package io.nightshift.dispatcher.rest;

/**
 * No image to show: unknown job, not done, no such preview in its result, an output format browsers do not show, or
 * the object is gone. (404)
 */
public class ImageNotFoundException extends RuntimeException {
    public ImageNotFoundException(String message) {
        super(message, null, false, false);
    }
}
