package io.nightshift.worker.pipeline;

import io.nightshift.libraw.global.LibRawApi;
import io.nightshift.protocol.Job;
import org.jboss.logging.Logger;

/**
 * TEST ONLY: kills the process inside native code ({@code nightshift_test_crash} in the LibRaw binding's
 * {@code nightshift_test_hooks.h}: abort() from C) when enabled by configuration
 * ({@code nightshift.worker.test-hooks.native-crash=true}, off by default) and the job's source key carries the
 * marker. It lets the crash tests kill a real worker inside its native decode stage the way a LibRaw bug
 * would, instead of simulating it with System.exit.
 */
public final class NativeCrashHook {

    private static final Logger LOG = Logger.getLogger(NativeCrashHook.class);

    private final boolean enabled;
    private final String marker;

    public NativeCrashHook(boolean enabled, String marker) {
        this.enabled = enabled;
        this.marker = marker;
        if (enabled) {
            LOG.warnf("TEST HOOK ENABLED: a job whose source key contains '%s' crashes this process in native code", marker);
        }
    }

    public static NativeCrashHook off() {
        return new NativeCrashHook(false, "");
    }

    /** Called at the start of the native decode stage. Never returns for a marked job when enabled. */
    void maybeCrash(Job job) {
        if (enabled && !marker.isEmpty() && job.source().key().contains(marker)) {
            LOG.errorf("TEST HOOK: crashing the process in native code for job %s", job.jobId());
            LibRawApi.nightshift_test_crash(0);
        }
    }
}
