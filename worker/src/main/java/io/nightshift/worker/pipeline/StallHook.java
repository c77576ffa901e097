package io.nightshift.worker.pipeline;

import io.nightshift.protocol.Job;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * TEST ONLY: holds the decode stage of a job whose source key carries the marker, as a thread stuck in native code
 * would, when enabled ({@code nightshift.worker.test-hooks.stall=true}, off by default), until the pipeline stops or
 * two minutes pass. It lets the deadline tests see a stage overrun without a LibRaw bug at hand.
 */
public final class StallHook {

    private static final Logger LOG = Logger.getLogger(StallHook.class);

    private final boolean enabled;
    private final String marker;

    public StallHook(boolean enabled, String marker) {
        this.enabled = enabled;
        this.marker = marker;
        if (enabled) {
            LOG.warnf("TEST HOOK ENABLED: a job whose source key contains '%s' stalls its decode", marker);
        }
    }

    public static StallHook off() {
        return new StallHook(false, "");
    }

    void maybeStall(Job job, BooleanSupplier stop) {
        if (!enabled || marker.isEmpty() || !job.source().key().contains(marker)) {
            return;
        }
        LOG.errorf("TEST HOOK: stalling the decode of job %s", job.jobId());
        long until = System.nanoTime() + 120_000_000_000L;
        while (!stop.getAsBoolean() && System.nanoTime() < until) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
