package io.nightshift.modelstore;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.nightshift.inference.registry.ModelStore;
import io.nightshift.protocol.ObjectKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * A {@link ModelStore} over one bucket of MinIO or any S3 server. The client is the caller's (one per
 * application) and is not closed here.
 */
public final class S3ModelStore implements ModelStore {

    private final MinioClient client;
    private final String bucket;

    public S3ModelStore(MinioClient client, String bucket) {
        this.client = client;
        this.bucket = ObjectKeys.requireBucketName("bucket", bucket);
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public byte[] fetch(String key) throws IOException {
        ObjectKeys.requireSafeKey("key", key);
        try (GetObjectResponse response = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return response.readAllBytes();
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                throw new NoSuchFileException(describe() + "/" + key, null, "no such object");
            }
            throw new IOException("cannot read " + describe() + "/" + key + ": " + e.errorResponse().code(), e);
        } catch (MinioException e) {
            throw new IOException("cannot read " + describe() + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * The version of the set announced last on {@code channel} ({@link ModelSetLayout#latest}), empty when
     * nothing was announced there yet.
     */
    public Optional<String> latestVersion(String channel) throws IOException {
        String pointer = ModelSetLayout.latest(channel);
        try {
            String version = new String(fetch(pointer), StandardCharsets.UTF_8).strip();
            ModelSetLayout.folder(version); // validates
            return Optional.of(version);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            throw new IOException("the pointer " + describe() + "/" + pointer + " is corrupt: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket;
    }

    static boolean isMissing(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code);
    }
}
