package io.nightshift.worker.pipeline;

import io.nightshift.protocol.Job;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * TEST ONLY: exhausts the Java heap at the start of the engine stage when enabled by configuration
 * ({@code nightshift.worker.test-hooks.out-of-memory=true}, off by default) and the job's source key carries the
 * marker: a real {@link OutOfMemoryError} in a pipeline thread, as a frame the memory budget misjudged would cause,
 * so that the tests of process deaths outside native code see the JVM end the way it ends in production.
 */
public final class OutOfMemoryHook {

    private static final Logger LOG = Logger.getLogger(OutOfMemoryHook.class);

    private final boolean enabled;
    private final String marker;

    public OutOfMemoryHook(boolean enabled, String marker) {
        this.enabled = enabled;
        this.marker = marker;
        if (enabled) {
            LOG.warnf("TEST HOOK ENABLED: a job whose source key contains '%s' exhausts this process's heap", marker);
        }
    }

    public static OutOfMemoryHook off() {
        return new OutOfMemoryHook(false, "");
    }

    /** Called at the start of the engine stage. Never returns for a marked job when enabled. */
    void maybeExhaust(Job job) {
        if (enabled && !marker.isEmpty() && job.source().key().contains(marker)) {
            LOG.errorf("TEST HOOK: exhausting the heap for job %s", job.jobId());
            List<long[]> hog = new ArrayList<>();
            while (true) {
                hog.add(new long[8 << 20]); // 64 MB at a time until the heap is gone
            }
        }
    }
}
