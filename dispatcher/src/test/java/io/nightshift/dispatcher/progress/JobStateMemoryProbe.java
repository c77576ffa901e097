package io.nightshift.dispatcher.progress;

import java.util.HashMap;
import java.util.Map;

/**
 * Measures what {@link Progress} keeps per job: builds 500,000 {@link JobState}s with realistic keys in a map and
 * prints the heap difference after GC per job. Not a test; the README quotes its output:
 * {@code java -Xmx1g -XX:+UseSerialGC -cp dispatcher/target/test-classes:dispatcher/target/classes:protocol/target/classes io.nightshift.dispatcher.progress.JobStateMemoryProbe}
 */
public final class JobStateMemoryProbe {
    private JobStateMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        int n = 500_000;
        BatchProgress batch = new BatchProgress("b-0123456789abcdef01234567");
        long before = used();
        Map<String, JobState> jobs = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("%040x", (long) i * 2654435761L);
            JobState s = new JobState(batch);
            s.sourceBucket = "nightshift-raw";
            s.sourceKey = new String("raw/2024/11/shoot-" + (i / 1000) + "/DSC_" + String.format("%05d", i) + ".NEF");
            s.outputKey = new String("enhanced/2024/11/shoot-" + (i / 1000) + "/DSC_" + String.format("%05d", i) + ".NEF.png");
            s.queuedAttempt = 1;
            s.resultAttempt = 1;
            s.done = true;
            jobs.put(id, s);
        }
        long after = used();
        System.out.printf("jobs=%d bytes/job=%.0f keylen=%d%n", jobs.size(), (after - before) / (double) n,
                jobs.values().iterator().next().sourceKey.length());
    }

    static long used() throws Exception {
        for (int i = 0; i < 4; i++) { System.gc(); Thread.sleep(100); }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
