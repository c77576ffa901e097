package io.nightshift.client.store;

/**
 * A bucket and a key (or key prefix) as people write them: {@code s3://bucket/key}, or {@code bucket/key}.
 *
 * @param key the key or prefix; empty for the whole bucket
 */
public record StoreLocation(String bucket, String key) {
    public StoreLocation {
        if (bucket == null || bucket.isEmpty()) {
            throw new IllegalArgumentException("no bucket named: write s3://BUCKET/KEY or BUCKET/KEY");
        }
    }

    public static StoreLocation parse(String text) {
        String rest = text.startsWith("s3://") ? text.substring("s3://".length()) : text;
        int slash = rest.indexOf('/');
        return slash < 0 ? new StoreLocation(rest, "") : new StoreLocation(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** Whether the key names a folder (empty, or ending in {@code /}). */
    public boolean isFolder() {
        return key.isEmpty() || key.endsWith("/");
    }

    /** This folder's key for a name inside it. */
    public StoreLocation child(String name) {
        return new StoreLocation(bucket, key + name);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
