package io.nightshift.dispatcher.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Ids that make republishing harmless. A job id is derived from its batch and its source object, so a job
 * published twice (across a crash, or a notification delivered twice) is the same job with the same output key.
 * A batch id is derived from the client's request id when there is one, so the same request names the same batch
 * even on two dispatchers at once; otherwise it is random.
 */
public final class JobIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private JobIds() {
    }

    /** 40 hex digits of SHA-256(batch id, bucket, key): within the protocol's id alphabet, spread evenly. */
    public static String jobId(String batchId, String bucket, String key) {
        return sha256Hex(batchId + '\n' + bucket + '\n' + key).substring(0, 40);
    }

    /** {@code r-} and 24 hex digits of SHA-256 of the request id, or {@code b-} and 24 random hex digits. */
    public static String batchId(String requestId) {
        if (requestId != null) {
            return "r-" + sha256Hex(requestId).substring(0, 24);
        }
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return "b-" + HEX.formatHex(random);
    }

    private static String sha256Hex(String text) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
