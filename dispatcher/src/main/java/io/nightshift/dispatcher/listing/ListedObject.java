package io.nightshift.dispatcher.listing;

/**
 * One object of a listing or a bucket notification.
 *
 * @param key  the object key
 * @param size its size in bytes
 * @param etag its ETag without quotes, or {@code null} when unknown
 */
public record ListedObject(String key, long size, String etag) {
    /** An ETag as S3 lists it ({@code "abc"}), without the quotes. */
    public static String bareEtag(String etag) {
        if (etag == null || etag.isEmpty()) {
            return null;
        }
        String bare = etag.startsWith("\"") && etag.endsWith("\"") && etag.length() >= 2
                ? etag.substring(1, etag.length() - 1) : etag;
        return bare.isEmpty() ? null : bare;
    }
}
