package io.nightshift.client.store;

import io.minio.BucketExistsArgs;
import io.minio.DownloadObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.nightshift.client.fleet.FleetAddress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fleet's object store as a client uses it (MinIO, or the local stack's S3 server), through the MinIO SDK:
 * put a file or bytes with user metadata, get to a file, list a prefix, remove. Failures are {@link StoreException}s
 * with the store's error code in words. Close it: the SDK's HTTP threads otherwise keep the JVM alive for a minute.
 */
public final class ObjectStore implements AutoCloseable {
    private final MinioClient client;
    private final String endpoint;

    public ObjectStore(FleetAddress address) {
        this.endpoint = address.s3Endpoint().toString();
        this.client = MinioClient.builder().endpoint(endpoint)
                .credentials(address.accessKey(), address.secretKey()).build();
    }

    /**
     * Uploads a file (multipart when large) with optional user metadata, hashing it on the way: one read gives the
     * upload and its content hash, which is exactly the content the store now holds.
     *
     * @return the SHA-256 of what was uploaded, in hex
     * @throws UncheckedIOException when the file cannot be read
     */
    public String put(Path file, StoreLocation to, Map<String, String> metadata) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        long size;
        InputStream in;
        try {
            size = Files.size(file);
            in = new DigestInputStream(Files.newInputStream(file), sha256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try (in) {
            client.putObject(PutObjectArgs.builder().bucket(to.bucket()).object(to.key())
                    .contentType("application/octet-stream").userMetadata(metadata).stream(in, size, -1L).build());
        } catch (Exception e) {
            throw failure("put " + to, e);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Uploads bytes with optional user metadata. */
    public void put(byte[] bytes, StoreLocation to, String contentType, Map<String, String> metadata) {
        try {
            client.putObject(PutObjectArgs.builder().bucket(to.bucket()).object(to.key()).contentType(contentType)
                    .userMetadata(metadata).stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
        } catch (Exception e) {
            throw failure("put " + to, e);
        }
    }

    /**
     * Downloads an object to a file, through a temporary file beside it that is synced before it takes the file's
     * name, so a file is never half there, not even after a power cut.
     */
    public void get(StoreLocation from, Path file) {
        Path partial = file.resolveSibling("." + file.getFileName() + ".part");
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.deleteIfExists(partial);
            client.downloadObject(DownloadObjectArgs.builder().bucket(from.bucket()).object(from.key())
                    .filename(partial.toString()).build());
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true); // on disk before its name says it is complete
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (Exception e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the failure below says what went wrong
            }
            throw failure("get " + from, e);
        }
    }

    /** The store's buckets, by name. */
    public List<String> buckets() {
        try {
            return client.listBuckets().stream().map(io.minio.messages.ListAllMyBucketsResult.Bucket::name).sorted().toList();
        } catch (Exception e) {
            throw failure("list buckets", e);
        }
    }

    /** Every object under the prefix, in key order; {@code recursive} false stops at the next {@code /}. */
    public List<StoreObject> list(StoreLocation prefix, boolean recursive) {
        List<StoreObject> objects = new ArrayList<>();
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(prefix.bucket()).build())) {
                throw new StoreException("no bucket '" + prefix.bucket() + "' at " + endpoint, null);
            }
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(prefix.bucket())
                    .prefix(prefix.key()).recursive(recursive).build())) {
                Item item = result.get();
                objects.add(new StoreObject(item.objectName(), item.isDir() ? -1 : item.size()));
            }
            return objects;
        } catch (StoreException e) {
            throw e;
        } catch (Exception e) {
            throw failure("list " + prefix, e);
        }
    }

    public void remove(StoreLocation object) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(object.bucket()).object(object.key()).build());
        } catch (Exception e) {
            throw failure("remove " + object, e);
        }
    }

    private StoreException failure(String what, Exception e) {
        if (e instanceof ErrorResponseException response) {
            return new StoreException(what + ": " + response.errorResponse().code() + " ("
                    + response.errorResponse().message() + ")", e);
        }
        return new StoreException(what + ": cannot reach the object store at " + endpoint + " ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception ignored) {
            // nothing is pending: every call above has returned
        }
    }
}
