package io.nightshift.dispatcher.notifications;

/**
 * One record of a MinIO (S3) event notification.
 *
 * @param eventName e.g. {@code s3:ObjectCreated:Put}, {@code s3:ObjectRemoved:Delete}
 * @param bucket    the bucket
 * @param key       the object key, URL-decoded
 * @param size      the object size, or -1 when the event carries none (removals)
 * @param etag      the ETag, or {@code null}
 */
public record S3Event(String eventName, String bucket, String key, long size, String etag) {
    public boolean created() {
        return eventName.startsWith("s3:ObjectCreated:");
    }
}
