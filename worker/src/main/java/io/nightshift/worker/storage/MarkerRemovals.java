package io.nightshift.worker.storage;

import io.nightshift.worker.failure.Backoff;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Removes in-flight markers ({@link CrashLedger#finished}) and, when the store does not answer, removes them again on
 * a timer until it does. A marker left behind by a live process counts a death that did not happen against its job:
 * with one real death beside it, a good job reached the death limit and was dead-lettered {@code CRASHED_WORKER}
 * (found by the chaos suite: a job given up during a store outage could not remove its marker, 2026-12-05). The
 * retries wait as a {@link Backoff} of 250 ms doubling to {@link #MAX_DELAY_MS} (jittered) for as long as the process
 * lives; screening counts a job's markers again for 15 s before it calls them deaths, longer than one retry interval. The retries run on a thread
 * of their own, so a store that hangs them holds up no job.
 */
public final class MarkerRemovals implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MarkerRemovals.class);
    /** The longest wait between two tries of one removal. */
    public static final long MAX_DELAY_MS = 5_000;
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(250), Duration.ofMillis(MAX_DELAY_MS));

    private final CrashLedger ledger;
    private final ScheduledExecutorService timer;
    private final Set<CrashLedger.Running> pending = ConcurrentHashMap.newKeySet();

    public MarkerRemovals(CrashLedger ledger) {
        this.ledger = ledger;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nightshift-marker-removals");
            t.setDaemon(true);
            return t;
        });
    }

    /** Removes the marker of a job whose outcome is durable or that was abandoned: now, or later if the store fails. */
    public void remove(String job, CrashLedger.Running running) {
        try {
            ledger.finished(running);
        } catch (RuntimeException e) {
            pending.add(running);
            LOG.warnf("%s: could not remove its in-flight marker %s (%s); trying again until the store answers", job,
                    running.marker().key(), e.getMessage());
            retry(job, running, 1);
        }
    }

    private void retry(String job, CrashLedger.Running running, int failures) {
        try {
            timer.schedule(() -> {
                try {
                    ledger.finished(running);
                    pending.remove(running);
                    LOG.infof("%s: removed its in-flight marker after %d more tries", job, failures);
                } catch (RuntimeException e) {
                    retry(job, running, failures + 1);
                }
            }, BACKOFF.delay(failures).toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed: close() tried once more
        }
    }

    /** Markers not removed yet. */
    public int pending() {
        return pending.size();
    }

    /** Stops retrying and tries every pending removal once more (a marker still left is said so). */
    @Override
    public void close() {
        timer.shutdownNow();
        flush();
    }

    /**
     * One more try of every pending removal; returns how many are still left (each will count as a death at its
     * job's next attempt, below the limit alone).
     */
    public int flush() {
        for (CrashLedger.Running running : pending) {
            try {
                ledger.finished(running);
                pending.remove(running);
            } catch (RuntimeException e) {
                LOG.warnf("in-flight marker %s still not removed: %s", running.marker().key(), e.getMessage());
            }
        }
        return pending.size();
    }
}
