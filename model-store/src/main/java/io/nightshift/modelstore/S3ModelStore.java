package io.nightshift.modelstore;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.nightshift.inference.registry.ModelStore;
import io.nightshift.protocol.ObjectKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
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

    /** What {@link #createIfAbsent} found. */
    public enum Created {
        /** The object did not exist and now holds the bytes. */
        CREATED,
        /** The object already held exactly these bytes; nothing was written. */
        SAME,
        /** The object already holds other bytes; nothing was written. */
        DIFFERENT
    }

    /**
     * Writes {@code key} only when no object is there, decided by the server: a conditional put with
     * {@code If-None-Match: *} (S3 conditional writes; MinIO, and S3Proxy 4.1.0 with its filesystem backend, answer
     * {@code 412 PreconditionFailed} when the key exists), so two writers racing for one key cannot both win. When the
     * key exists, compares its bytes with {@code bytes}.
     *
     * @throws IOException when the store fails, or refuses conditional writes ({@code NotImplemented}: a backend
     *                     without them; the caller decides whether a plain write will do)
     */
    public Created createIfAbsent(String key, byte[] bytes, String contentType) throws IOException {
        ObjectKeys.requireSafeKey("key", key);
        try {
            // one part whatever the size (a model is far below S3's 5 GiB single-put limit): the condition is decided
            // by one PUT, not left to how a multipart completion treats it
            long partSize = Math.max(5L << 20, bytes.length);
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new ByteArrayInputStream(bytes), (long) bytes.length, partSize).contentType(contentType)
                    .extraHeaders(Map.of("If-None-Match", "*")).build());
            return Created.CREATED;
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if ("PreconditionFailed".equals(code) || e.response() != null && e.response().code() == 412) {
                return Arrays.equals(fetch(key), bytes) ? Created.SAME : Created.DIFFERENT;
            }
            throw new IOException("cannot create " + describe() + "/" + key + ": " + code
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        } catch (MinioException e) {
            throw new IOException("cannot create " + describe() + "/" + key + ": " + e.getMessage(), e);
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
