package io.nightshift.worker.pipeline;

import io.nightshift.worker.failure.Backoff;
import io.nightshift.worker.metrics.WorkerMetrics;
import io.nightshift.worker.storage.ObjectStore;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Whether a failure is the environment's rather than the job's, and what the worker does while it is: when a store
 * operation fails, the worker checks a location it owns (its ledger's bucket); if that fails too, the worker's
 * credentials, clock, own bucket or the store itself are wrong, which says nothing about the job. The environment is
 * then down: the pipeline holds every job at its next step, uncharged (no try counted, nothing dead-lettered),
 * readiness is DOWN, {@code nightshift_worker_environment_down} is 1, and one line is logged; the check is repeated
 * with backoff and the jobs resume once it passes (one line). An engine that cannot allocate is the environment's
 * too: down until the engine runs a job again.
 */
final class EnvironmentWatch {

    private static final Logger LOG = Logger.getLogger(EnvironmentWatch.class);

    private final ObjectStore store;
    private final String ownBucket;
    private final Set<String> ownBuckets;
    private final Backoff backoff;
    private final ScheduledExecutorService timer;
    private final WorkerMetrics metrics;
    private final String workerId;
    private volatile String problem;
    private volatile boolean engine;
    private long downSince;
    private int checks;

    EnvironmentWatch(ObjectStore store, String ownBucket, Set<String> ownBuckets, Backoff backoff,
                     ScheduledExecutorService timer, WorkerMetrics metrics, String workerId) {
        this.store = store;
        this.ownBucket = ownBucket;
        this.ownBuckets = Set.copyOf(ownBuckets);
        this.backoff = backoff;
        this.timer = timer;
        this.metrics = metrics;
        this.workerId = workerId;
        metrics.environmentDown(() -> problem == null ? 0 : 1);
    }

    /** Why the worker holds its jobs, or empty while it works. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    boolean down() {
        return problem != null;
    }

    /** Whether jobs wait at their next step: the store side is down (an exhausted engine holds only its job). */
    boolean holding() {
        return problem != null && !engine;
    }

    /** Whether {@code bucket} is one of the worker's own (ledger, dead-letter payloads, models). */
    boolean owns(String bucket) {
        return ownBuckets.contains(bucket);
    }

    /**
     * After a store failure: whether the worker's own location fails too (one request). If it does, the environment
     * is down ({@code failure} and the check's answer logged once) and the caller holds the job.
     */
    boolean storeFailureIsEnvironment(String failure) {
        if (holding()) {
            return true;
        }
        Optional<String> own = store.problem(ownBucket);
        own.ifPresent(p -> goDown(failure + "; the worker's own location fails too: " + p, false));
        return own.isPresent();
    }

    /** A failure at the worker's own location (its ledger refused): the environment's without a further check. */
    void ownLocationFailed(String failure) {
        goDown("the worker's own location fails: " + failure, false);
    }

    /** The engine could not allocate what a job needs. */
    void engineExhausted(String failure) {
        goDown("the engine is out of resources: " + failure, true);
    }

    /** The engine ran a job: an engine exhaustion is over. */
    void engineRan() {
        if (engine) {
            goUp();
        }
    }

    /** How long a held job waits before it looks again. */
    long holdMillis() {
        return Math.max(50, backoff.initial().toMillis());
    }

    private synchronized void goDown(String why, boolean byEngine) {
        if (problem != null && (!engine || byEngine)) {
            return; // down already (a store outage outranks an exhausted engine: it holds every job and is probed)
        }
        if (problem == null) {
            downSince = System.nanoTime();
            metrics.environmentOutage();
        }
        problem = why;
        engine = byEngine;
        checks = 0;
        LOG.warnf("worker %s stops taking jobs and holds them uncharged: %s", workerId, why);
        if (!byEngine) {
            schedule();
        }
    }

    private void schedule() {
        try {
            timer.schedule(this::recheck, backoff.delay(++checks).toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the pipeline closes
        }
    }

    private void recheck() {
        Optional<String> own = store.problem(ownBucket);
        if (own.isEmpty()) {
            goUp();
        } else {
            if (checks % 10 == 0) {
                LOG.warnf("worker %s still holds its jobs (check %d): %s", workerId, checks, own.get());
            }
            schedule();
        }
    }

    private synchronized void goUp() {
        if (problem == null) {
            return;
        }
        long seconds = Duration.ofNanos(System.nanoTime() - downSince).toSeconds();
        problem = null;
        engine = false;
        LOG.infof("worker %s takes jobs again after %d s: %s", workerId, seconds,
                checks == 0 ? "the engine ran a job" : "its own location answers");
    }
}
