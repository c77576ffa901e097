package io.nightshift.worker.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.PoisonJobException;
import io.nightshift.worker.failure.TransientFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker's object-store operations over the MinIO SDK, with the failure rule applied at the edge: a
 * missing object is poison ({@code OBJECT_MISSING}); a network error, a timeout (a stalled transfer: the client's
 * {@code storage.timeout}), a 5xx, throttling or a truncated response is a {@link StoreUnavailable} (transient); any
 * other refusal (access denied, bad credentials, a skewed clock, a missing bucket…) is a {@link StoreRefused}, which
 * the pipeline attributes to the job or to the environment by checking a location the worker owns.
 *
 * <p>Uploads are complete or absent: every object is sent with its length known in advance as one
 * {@code PutObject} (or, above the SDK's part size, a multipart upload that the server assembles only on
 * completion), so the final key never holds a truncated object, and a redelivered job overwrites the same
 * key with the same bytes. The client is the caller's.
 */
public final class ObjectStore {

    private final MinioClient client;

    public ObjectStore(MinioClient client) {
        this.client = client;
    }

    /**
     * The whole object, refused before any byte is read when larger than {@code maxBytes} ({@code TOO_LARGE}).
     */
    public byte[] read(ObjectRef ref, long maxBytes) {
        long size;
        try {
            StatObjectResponse stat = client.statObject(StatObjectArgs.builder().bucket(ref.bucket()).object(ref.key()).build());
            size = stat.size();
        } catch (MinioException e) {
            throw mapped("stat", ref, e);
        } catch (RuntimeException e) {
            throw unchecked("stat", ref, e);
        }
        if (size > maxBytes) {
            throw new PoisonJobException(ErrorClass.TOO_LARGE,
                    "source " + ref + " has " + size + " bytes, over the limit of " + maxBytes);
        }
        try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(ref.bucket()).object(ref.key()).build())) {
            byte[] bytes = readUpTo(in, maxBytes);
            if (bytes.length != size) {
                // replaced between stat and get, or cut short: read it again
                throw new StoreUnavailable("source " + ref + " changed while being read (" + size + " then "
                        + bytes.length + " bytes)", null);
            }
            return bytes;
        } catch (MinioException e) {
            throw mapped("get", ref, e);
        } catch (RuntimeException e) {
            throw e instanceof PoisonJobException || e instanceof TransientFailure ? e : unchecked("get", ref, e);
        } catch (IOException e) {
            throw new StoreUnavailable("reading " + ref + " failed: " + e, e);
        }
    }

    private static byte[] readUpTo(InputStream in, long maxBytes) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
            throw new PoisonJobException(ErrorClass.TOO_LARGE, "source is over the limit of " + maxBytes + " bytes");
        }
        return bytes;
    }

    /** Writes the object in one request of known length: complete or absent. */
    public void write(ObjectRef ref, byte[] bytes, String contentType) {
        try {
            client.putObject(PutObjectArgs.builder().bucket(ref.bucket()).object(ref.key())
                    .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L)
                    .contentType(contentType).build());
        } catch (MinioException e) {
            throw mapped("put", ref, e);
        } catch (RuntimeException e) {
            throw unchecked("put", ref, e);
        }
    }

    /** Removes the object; a missing one is fine. */
    public void remove(ObjectRef ref) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(ref.bucket()).object(ref.key()).build());
        } catch (MinioException e) {
            RuntimeException mapped = mapped("remove", ref, e);
            if (!(mapped instanceof PoisonJobException)) {
                throw mapped;
            }
        } catch (RuntimeException e) {
            throw unchecked("remove", ref, e);
        }
    }

    /** The keys under {@code prefix}, all pages. */
    public List<String> list(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                keys.add(item.get().objectName());
            }
        } catch (MinioException e) {
            throw mapped("list", new ObjectRef(bucket, prefix), e);
        } catch (RuntimeException e) {
            throw unchecked("list", new ObjectRef(bucket, prefix), e);
        }
        return keys;
    }

    /** Whether the store answers an authenticated request about {@code bucket} (for readiness). */
    public boolean reachable(String bucket) {
        return problem(bucket).isEmpty();
    }

    /**
     * Why an authenticated request about {@code bucket} fails — the bucket missing, the credentials or the clock
     * refused, the store unreachable — or empty when it succeeds.
     */
    public java.util.Optional<String> problem(String bucket) {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()) ? java.util.Optional.empty()
                    : java.util.Optional.of("bucket " + bucket + " does not exist");
        } catch (MinioException e) {
            return java.util.Optional.of(mapped("check", new ObjectRef(bucket, ""), e).getMessage());
        } catch (RuntimeException e) {
            return java.util.Optional.of(unchecked("check", new ObjectRef(bucket, ""), e).getMessage());
        } catch (Exception e) {
            return java.util.Optional.of(e.toString());
        }
    }

    /**
     * The SDK also throws unchecked exceptions (its async core wraps a refused connection in an
     * {@code IllegalStateException}, the listing iterator likewise): transient when a network error lies
     * beneath, otherwise left as it is (INTERNAL).
     */
    private static RuntimeException unchecked(String operation, ObjectRef ref, RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MinioException minio) {
                return mapped(operation, ref, minio);
            }
            if (t instanceof IOException) {
                return new StoreUnavailable(operation + " " + ref + " failed: " + t.getClass().getSimpleName() + ": "
                        + t.getMessage(), e);
            }
        }
        return e;
    }

    private static RuntimeException mapped(String operation, ObjectRef ref, MinioException e) {
        if (e instanceof ErrorResponseException response) {
            String code = response.errorResponse() == null ? "" : response.errorResponse().code();
            if ("NoSuchKey".equals(code) || "NoSuchObject".equals(code)) {
                return new PoisonJobException(ErrorClass.OBJECT_MISSING, "no object " + ref + " (" + code + ")");
            }
            int status = response.response() == null ? 0 : response.response().code();
            if (status >= 500 || status == 429 || "SlowDown".equals(code) || "RequestTimeout".equals(code)
                    || "InternalError".equals(code) || "ServiceUnavailable".equals(code)) {
                return new StoreUnavailable(operation + " " + ref + ": " + code + " (HTTP " + status + ")", e);
            }
            // AccessDenied, InvalidAccessKeyId, SignatureDoesNotMatch, ExpiredToken, RequestTimeTooSkewed, NoSuchBucket…
            return new StoreRefused(operation, ref, code.isEmpty() ? "HTTP " + status : code, status, e);
        }
        // connection refused or reset, timeouts, 5xx without a body, truncated responses
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return new StoreUnavailable(operation + " " + ref + " failed: " + cause.getClass().getSimpleName() + ": "
                + cause.getMessage(), e);
    }
}
