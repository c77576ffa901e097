package io.nightshift.worker.storage;

import io.nightshift.protocol.ObjectKeys;
import io.nightshift.protocol.KeyNotAllowedException;

/**
 * Where a worker writes its own state in the object store: the crash ledger's native-stage markers, its in-flight
 * markers, its stage-timeout charges and the raw payloads too large for their dead letter. Apart from the models bucket, so that workers need
 * only read access where models live, and write access here ({@code nightshift.worker.state.location}).
 *
 * <pre>
 * BUCKET/PREFIX native-entries/JOB_ID/ATTEMPT/WORKER-UUID
 * BUCKET/PREFIX in-flight/JOB_ID/ATTEMPT/WORKER_ID/UUID
 * BUCKET/PREFIX dead-letter-payloads/SHA256
 * BUCKET/PREFIX stage-timeouts/JOB_ID/…      (stages past their deadline, charged like native crashes)
 * </pre>
 *
 * @param bucket the bucket
 * @param prefix a key prefix ending in {@code /}, or {@code ""}
 */
public record StateLocation(String bucket, String prefix) {

    /** The default: a bucket of its own. */
    public static final String DEFAULT = "nightshift-worker-state";

    public StateLocation {
        ObjectKeys.requireBucketName("state location", bucket);
        prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    /**
     * Parses {@code bucket} or {@code bucket/prefix}.
     *
     * @throws IllegalArgumentException when the bucket is not a valid bucket name or the prefix not a safe key
     */
    public static StateLocation parse(String location) {
        String entry = location.strip();
        int slash = entry.indexOf('/');
        String bucket = slash < 0 ? entry : entry.substring(0, slash);
        String prefix = slash < 0 ? "" : entry.substring(slash + 1);
        try {
            if (!prefix.isEmpty()) {
                ObjectKeys.requireSafeKey("state location prefix", prefix.endsWith("/") ? prefix + "x" : prefix);
            }
            return new StateLocation(bucket, prefix);
        } catch (KeyNotAllowedException e) {
            throw new IllegalArgumentException("nightshift.worker.state.location '" + location + "': " + e.problem(), e);
        }
    }

    /** The native-stage markers' folder. */
    public String nativeEntries() {
        return prefix + "native-entries/";
    }

    /** The in-flight markers' folder. */
    public String inFlight() {
        return prefix + "in-flight/";
    }

    /** The folder of stages past their deadline, charged to their job ({@code StageTimeouts}). */
    public String stageTimeouts() {
        return prefix + "stage-timeouts/";
    }

    /** The folder of raw payloads too large for their dead letter. */
    public String deadLetterPayloads() {
        return prefix + "dead-letter-payloads/";
    }

    @Override
    public String toString() {
        return prefix.isEmpty() ? bucket : bucket + "/" + prefix;
    }
}
