package io.nightshift.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The S3-compatible object store (MinIO in production, S3Proxy locally); the same keys as the dispatcher's. */
@ConfigMapping(prefix = "nightshift.storage")
public interface StorageConfig {
    /** The S3 endpoint URL. */
    @WithDefault("http://127.0.0.1:9000")
    String endpoint();

    /** The access key. */
    @WithDefault("nightshift")
    String accessKey();

    /** The secret key; never logged. */
    @WithDefault("nightshift-secret")
    String secretKey();

    /**
     * How long the client waits to connect, and for each byte of a request or response, before it gives the
     * transfer up as stalled (then retried as a transient failure); the SDK's default is 5 minutes.
     */
    @WithDefault("30s")
    java.time.Duration timeout();
}
