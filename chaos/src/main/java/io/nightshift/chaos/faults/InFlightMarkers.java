package io.nightshift.chaos.faults;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The workers' in-flight markers, read straight from the store (not through the fault proxy):
 * {@code in-flight/JOB_ID/ATTEMPT/WORKER_ID/UUID} in the state bucket, one per job a worker holds from its download
 * until its outcome is durable (worker/README.md). What a worker holds at an instant, seen from outside.
 */
public final class InFlightMarkers {
    private final MinioClient s3;
    private final String bucket;

    public InFlightMarkers(MinioClient s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** Job id → the worker ids holding a marker of it now. */
    public Map<String, Set<String>> now() {
        Map<String, Set<String>> held = new HashMap<>();
        try {
            for (Result<Item> result : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix("in-flight/")
                    .recursive(true).build())) {
                String[] parts = result.get().objectName().split("/");
                if (parts.length >= 5) {
                    held.computeIfAbsent(parts[1], k -> new TreeSet<>()).add(parts[3]);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the in-flight markers: " + e, e);
        }
        return held;
    }

    /** The jobs {@code workerId} holds now. */
    public Set<String> heldBy(Map<String, Set<String>> markers, String workerId) {
        Set<String> jobs = new TreeSet<>();
        markers.forEach((job, workers) -> {
            if (workers.contains(workerId)) {
                jobs.add(job);
            }
        });
        return jobs;
    }

    /**
     * Whether killing {@code workerId} now would make a job it holds be in flight at a second death (a marker of
     * another worker left beside it): such a job would be dead-lettered as a suspect by the fleet's rule, so the run
     * waits for another moment rather than charge an innocent job twice.
     */
    public boolean wouldChargeTwice(Map<String, Set<String>> markers, String workerId) {
        return markers.values().stream().anyMatch(workers -> workers.contains(workerId) && workers.size() > 1);
    }
}
