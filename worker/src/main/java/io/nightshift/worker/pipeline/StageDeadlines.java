package io.nightshift.worker.pipeline;

import io.nightshift.worker.metrics.WorkerMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Deadlines of the stages that run native code no Java thread can interrupt (LibRaw's decode, ONNX Runtime's
 * inference), scaled by the frame's size. A watch checks every second; a stage past its deadline is reported once:
 * logged, counted ({@code nightshift_worker_stage_timeouts_total{stage}}) and charged to its job by the caller's
 * {@code onOverdue} (the stage-timeout ledger, like a native crash), and while it has not returned the worker is not
 * live ({@link #overdue()}): the orchestrator replaces the process, the only cure for a thread stuck in native code.
 * A stage that returns late is forgotten; its charge stays.
 */
final class StageDeadlines {

    private static final Logger LOG = Logger.getLogger(StageDeadlines.class);

    /** One running stage. */
    final class Watch implements AutoCloseable {
        private final long id;
        private final String job;
        private final String stage;
        private final Duration limit;
        private final String size;
        private final long deadline;
        private final Consumer<Watch> onOverdue;
        private volatile boolean reported;

        private Watch(long id, String job, String stage, Duration limit, String size, Consumer<Watch> onOverdue) {
            this.id = id;
            this.job = job;
            this.stage = stage;
            this.limit = limit;
            this.size = size;
            this.deadline = System.nanoTime() + limit.toNanos();
            this.onOverdue = onOverdue;
        }

        String stage() {
            return stage;
        }

        String describe() {
            return stage + " of " + job + " past its deadline of " + limit.toSeconds() + " s (" + size + ")";
        }

        @Override
        public void close() {
            running.remove(id);
            if (reported) {
                LOG.infof("%s returned %d s after its deadline", job + " " + stage,
                        Duration.ofNanos(System.nanoTime() - deadline).toSeconds());
            }
        }
    }

    private final Map<Long, Watch> running = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final WorkerMetrics metrics;

    StageDeadlines(ScheduledExecutorService timer, WorkerMetrics metrics) {
        this.metrics = metrics;
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
        metrics.stagesOverdue(() -> running.values().stream().filter(w -> w.reported).count());
    }

    /** Starts watching a stage of {@code job}; close the watch when the stage returns. */
    Watch begin(String job, String stage, Duration limit, String size, Consumer<Watch> onOverdue) {
        Watch w = new Watch(ids.incrementAndGet(), job, stage, limit, size, onOverdue);
        running.put(w.id, w);
        return w;
    }

    /** The first stage still running past its deadline, if any (liveness). */
    Optional<String> overdue() {
        return running.values().stream().filter(w -> w.reported).findFirst().map(Watch::describe);
    }

    private void check() {
        long now = System.nanoTime();
        for (Watch w : running.values()) {
            if (!w.reported && now - w.deadline > 0) {
                metrics.stageTimeout(w.stage);
                LOG.errorf("%s; charged to the job, the worker is not live until it returns", w.describe());
                try {
                    w.onOverdue.accept(w);
                } catch (RuntimeException e) {
                    LOG.warnf("%s: its charge could not be written: %s", w.describe(), e.getMessage());
                } finally {
                    // overdue once charged: a process replaced for it leaves the charge behind
                    w.reported = true;
                }
            }
        }
    }
}
