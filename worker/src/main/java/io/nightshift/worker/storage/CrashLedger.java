package io.nightshift.worker.storage;

import io.nightshift.protocol.Job;
import io.nightshift.protocol.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Counts, outside the process, the deaths each (job id, attempt) was present at, so that a job that kills its
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

    public CrashLedger(ObjectStore store, String bucket, String prefix, String inFlightPrefix, String workerId) {
        this.store = store;
        this.bucket = bucket;
        this.prefix = folder(prefix);
        this.inFlightPrefix = folder(inFlightPrefix);
        this.workerId = workerId;
    }

    private static String folder(String prefix) {
        return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    private String folder(Job job) {
        return prefix + job.jobId() + "/" + job.attempt() + "/";
    }

    private String inFlightFolder(Job job) {
        return inFlightPrefix + job.jobId() + "/" + job.attempt() + "/";
    }

    /** Crashes inside the native stage charged to this job and attempt so far. */
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

    /**
     * The workers that died while this job and attempt was in flight on them, by id, from the markers they left.
     * Call before {@link #run}: this process's own marker is not there yet.
     */
    public Set<String> deaths(Job job) {
        String folder = inFlightFolder(job);
        Set<String> workers = new TreeSet<>();
        for (String key : store.list(bucket, folder)) {
            String rest = key.substring(folder.length());
            int slash = rest.indexOf('/');
            workers.add(slash < 0 ? rest : rest.substring(0, slash));
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
