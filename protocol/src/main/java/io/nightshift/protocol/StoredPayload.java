package io.nightshift.protocol;

import java.util.Objects;

/**
 * Where a dead letter's raw payload was put when it was too large to travel inside the dead letter: the bytes of the
 * original record, unchanged, in the object store. A dead letter must always fit on its topic; a record near the
 * topic's message limit would not once base64-encoded, so the worker stores it and the dead letter says where.
 *
 * @param location where the bytes are (in the worker's {@code state.location}, {@code dead-letter-payloads/})
 * @param bytes    the payload's size
 * @param sha256   the payload's SHA-256, lower-case hex (the object's name ends with it)
 * @param ids      the job and batch ids the payload still shows ({@link ProtocolJson#peekIds}), so that a reader
 *                 files the dead letter under its job and batch without fetching the payload; null when unreadable
 */
public record StoredPayload(ObjectRef location, long bytes, String sha256, ProtocolJson.JobIds ids) {
    public StoredPayload {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(sha256, "sha256");
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
        }
    }
}
