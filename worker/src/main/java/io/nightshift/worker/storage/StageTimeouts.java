package io.nightshift.worker.storage;

import io.nightshift.protocol.Job;
import io.nightshift.protocol.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The charges for stages that ran past their deadline, beside the crash ledger's markers: one object
 * {@code PREFIX/JOB_ID/ATTEMPT/STAGE-WORKER-UUID} per overrun, written when the deadline passes (the stage may never
 * return: a thread stuck in native code is only ended with its process). A job is dead-lettered once its crashes and
 * overruns together reach the crash limit: {@code STAGE_TIMEOUT} when the overruns are at least as many.
 */
public final class StageTimeouts {

    private final ObjectStore store;
    private final String bucket;
    private final String prefix;
    private final String workerId;

    public StageTimeouts(ObjectStore store, String bucket, String prefix, String workerId) {
        this.store = store;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        this.workerId = workerId;
    }

    private String folder(Job job) {
        return prefix + job.jobId() + "/" + job.attempt() + "/";
    }

    /** Overruns charged to this job and attempt so far. */
    public int count(Job job) {
        return store.list(bucket, folder(job)).size();
    }

    /** Charges {@code job} one overrun of {@code stage} (durable when this returns). */
    public ObjectRef charge(Job job, String stage, String why) {
        ObjectRef marker = new ObjectRef(bucket, folder(job) + stage + "-" + workerId + "-" + UUID.randomUUID());
        store.write(marker, (why + "\n").getBytes(StandardCharsets.UTF_8), "text/plain");
        return marker;
    }
}
