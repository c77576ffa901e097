package io.nightshift.protocol;

import java.util.Objects;

/**
 * An object in the object store.
 *
 * @param bucket the bucket name
 * @param key    the object key
 * @param etag   the object's ETag when known (lets a worker notice that the object changed), else {@code null}
 */
public record ObjectRef(String bucket, String key, String etag) {
    public ObjectRef {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
    }

    public ObjectRef(String bucket, String key) {
        this(bucket, key, null);
    }

    @Override
    public String toString() {
        return bucket + "/" + key;
    }
}
