package io.nightshift.dispatcher.testing;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.nightshift.stack.LocalStack;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Objects in the test stack's real S3 server: many put in parallel, or one put or read back with its bytes. */
public final class S3Fixtures {
    public static final String RAW_BUCKET = "nightshift-raw";
    public static final String RESULTS_BUCKET = "nightshift-results";

    private S3Fixtures() {
    }

    /** A prefix no other test uses, ending with {@code /}. */
    public static String uniquePrefix(String name) {
        return "t-" + name + "-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    /** Puts each key with the given size (zero bytes when the map says 0). */
    /** {@code count} empty RAW objects {@code prefix + IMG_00000.NEF…} in the raw bucket; their keys, in key order. */
    public static java.util.SortedSet<String> putRawObjects(String prefix, int count) {
        Map<String, Integer> objects = new java.util.LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            objects.put(prefix + String.format("IMG_%05d.NEF", i), 0);
        }
        put(RAW_BUCKET, objects);
        return new java.util.TreeSet<>(objects.keySet());
    }

    public static void put(String bucket, Map<String, Integer> sizes) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (MinioClient client = LocalStack.shared().newS3Client()) {
            List<Future<?>> puts = new ArrayList<>();
            sizes.forEach((key, size) -> puts.add(pool.submit(() -> {
                client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                        .stream(new ByteArrayInputStream(new byte[size]), (long) size, -1L).build());
                return null;
            })));
            for (Future<?> put : puts) {
                put.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not put test objects: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Puts one object with the given bytes. */
    public static void put(String bucket, String key, byte[] bytes) {
        put(bucket, key, bytes, "application/octet-stream");
    }

    /** Puts one object with the given bytes and content type. */
    public static void put(String bucket, String key, byte[] bytes, String contentType) {
        put(bucket, key, bytes, contentType, Map.of());
    }

    /** Puts one object with the given bytes, content type and user metadata. */
    public static void put(String bucket, String key, byte[] bytes, String contentType, Map<String, String> metadata) {
        try (MinioClient client = LocalStack.shared().newS3Client()) {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).contentType(contentType)
                    .userMetadata(metadata).stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
        } catch (Exception e) {
            throw new IllegalStateException("could not put " + key + ": " + e, e);
        }
    }

    /** The object's bytes. */
    public static byte[] get(String bucket, String key) {
        try (MinioClient client = LocalStack.shared().newS3Client();
             InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new IllegalStateException("could not get " + bucket + "/" + key + ": " + e, e);
        }
    }
}
