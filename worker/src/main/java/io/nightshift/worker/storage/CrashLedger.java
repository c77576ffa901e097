package io.nightshift.worker.storage;

import io.nightshift.protocol.Job;
import io.nightshift.protocol.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Counts, outside the process, the deaths each job (by id, over all its attempts) was present at, so that a job that kills its
 * worker cannot make the fleet crash-loop. Two kinds of marker, both written before the risk and removed after it:
 *
 * <ul>
 *   <li><b>native entries</b> {@code NATIVE_PREFIX/JOB_ID/ATTEMPT/WORKER-UUID}: written before the job enters the
 *   native decode stage (complete before LibRaw sees a byte), removed when decoding returns. One left behind was left
 *   by a process that died inside LibRaw: the job is charged one crash. Only jobs inside the native stage are charged
 *   (with one decode thread, the default, exactly the one that crashed it).</li>
 *   <li><b>in-flight markers</b> {@code IN_FLIGHT_PREFIX/JOB_ID/ATTEMPT/WORKER_ID/UUID}: written when the job starts
 *   running, removed when its outcome is durable or it is abandoned at shutdown. One left behind was left by a
 *   process that died, wherever (out of memory, killed): the job was in flight at that death. {@link #deaths} counts
 *   the distinct workers whose deaths it was in flight at.</li>
 * </ul>
 */
public final class CrashLedger {

    /** A job inside the native stage; {@link #exit} removes its marker. */
    public record Entry(ObjectRef marker) {
    }

    /** A job running in this process; {@link #finished} removes its marker. */
    public record Running(ObjectRef marker) {
    }

    private final ObjectStore store;
    private final String bucket;
    private final String prefix;
    private final String inFlightPrefix;
    private final String workerId;

    public CrashLedger(ObjectStore store, StateLocation state, String workerId) {
        this.store = store;
        this.bucket = state.bucket();
        this.prefix = state.nativeEntries();
        this.inFlightPrefix = state.inFlight();
        this.workerId = workerId;
    }

    private String folder(Job job) {
        return prefix + job.jobId() + "/" + job.attempt() + "/";
    }

    private String inFlightFolder(Job job) {
        return inFlightPrefix + job.jobId() + "/" + job.attempt() + "/";
    }

    /**
     * Crashes inside the native stage charged to this job so far, over all its attempts: a retry of a job that crashed
     * workers (retry-failed, a replay) does not get a new budget. An operator who fixed the cause clears the job's
     * markers ({@code native-entries/JOB_ID/}) before replaying it.
     */
    public int crashes(Job job) {
        return store.list(bucket, prefix + job.jobId() + "/").size();
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

    /**
     * The workers that died while this job was in flight on them, in any of its attempts, by id, from the markers
     * they left ({@code JOB_ID/ATTEMPT/WORKER_ID/UUID}). Call before {@link #run}: this process's own marker is not
     * there yet.
     */
    public Set<String> deaths(Job job) {
        String folder = inFlightPrefix + job.jobId() + "/";
        Set<String> workers = new TreeSet<>();
        for (String key : store.list(bucket, folder)) {
            String[] parts = key.substring(folder.length()).split("/");
            if (parts.length >= 2) {
                workers.add(parts[1]);
            }
        }
        return workers;
    }

    /** Records that {@code job} starts running in this process (durable when this returns). */
    public Running run(Job job) {
        ObjectRef marker = new ObjectRef(bucket, inFlightFolder(job) + workerId + "/" + UUID.randomUUID());
        store.write(marker, ("in flight on " + workerId + "\n").getBytes(StandardCharsets.UTF_8), "text/plain");
        return new Running(marker);
    }

    /** Records that the job's outcome is durable, or that it was abandoned at shutdown: not a death. */
    public void finished(Running running) {
        store.remove(running.marker());
    }
}
