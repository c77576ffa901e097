package io.nightshift.worker.storage;

import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.StoredPayload;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the worker puts a dead letter's raw payload that is too large to travel inside the dead letter (a record
 * near the topic's message limit grows by a third once base64-encoded): {@code BUCKET/PREFIX/SHA256}, the record's
 * bytes unchanged, named by their digest, so that a redelivered record writes the same object again. The dead
 * letter carries the {@link StoredPayload} reference. Expire the prefix with a bucket lifecycle rule as long as
 * the dead-letter topic keeps its records (30 days).
 */
public final class DeadLetterPayloads {

    private final ObjectStore store;
    private final String bucket;
    private final String prefix;

    public DeadLetterPayloads(ObjectStore store, String bucket, String prefix) {
        this.store = store;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    /** Stores the payload (durable when this returns) and says where. */
    public StoredPayload store(byte[] payload, ProtocolJson.JobIds ids) {
        String sha256 = sha256(payload);
        ObjectRef location = new ObjectRef(bucket, prefix + sha256);
        store.write(location, payload, "application/octet-stream");
        return new StoredPayload(location, payload.length, sha256, ids);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
