package io.nightshift.worker.storage;

import io.nightshift.protocol.Job;
import io.nightshift.protocol.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Counts the crashes each (job id, attempt) caused, outside the process, so that a RAW file that kills its
 * worker cannot make the fleet crash-loop. Before a job enters the native decode stage the worker writes an
 * entry marker {@code PREFIX/JOB_ID/ATTEMPT/WORKER-UUID} to the object store (complete before LibRaw sees a
 * byte); when decoding returns, normally or with an exception, the marker is removed. A marker that is
 * still there when the job comes round again was left by a process that died inside the native stage: the
 * job is charged one crash per marker. Only jobs that were inside the native stage when the process died are
 * charged, not the innocent jobs in flight beside them (with one decode thread, the default, that is exactly
 * one job).
 */
public final class CrashLedger {

    /** A job inside the native stage; {@link #exit} removes its marker. */
    public record Entry(ObjectRef marker) {
    }

    private final ObjectStore store;
    private final String bucket;
    private final String prefix;
    private final String workerId;

    public CrashLedger(ObjectStore store, String bucket, String prefix, String workerId) {
        this.store = store;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        this.workerId = workerId;
    }

    private String folder(Job job) {
        return prefix + job.jobId() + "/" + job.attempt() + "/";
    }

    /** Crashes charged to this job and attempt so far. */
    public int crashes(Job job) {
        return store.list(bucket, folder(job)).size();
    }

    /** Records that {@code job} enters the native stage (durable when this returns). */
    public Entry enter(Job job) {
        ObjectRef marker = new ObjectRef(bucket, folder(job) + workerId + "-" + UUID.randomUUID());
        store.write(marker, ("entered by " + workerId + "\n").getBytes(StandardCharsets.UTF_8), "text/plain");
        return new Entry(marker);
    }

    /** Records that the job left the native stage alive. */
    public void exit(Entry entry) {
        store.remove(entry.marker());
    }
}
