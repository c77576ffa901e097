package io.nightshift.dispatcher.uploads;

/**
 * Where one file goes.
 *
 * @param name the file's name, as asked
 * @param key  the object key it lands under
 * @param url  the signed URL to {@code PUT} its bytes to, valid until the upload's {@code expiresAt}
 */
public record UploadTarget(String name, String key, String url) {
}
