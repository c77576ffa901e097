package io.nightshift.worker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Stage;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The worker's Prometheus metrics (through Micrometer; names as Prometheus shows them):
 * <ul>
 * <li>{@code nightshift_worker_jobs_total{outcome, error_class}}: jobs by outcome ({@code done}, {@code failed},
 *     {@code abandoned}) and error class ({@code none} when done);</li>
 * <li>{@code nightshift_worker_stage_seconds{stage}}: per-stage latency histograms, the protocol's stage names;</li>
 * <li>{@code nightshift_worker_queue_depth{queue}}: tasks waiting per stage pool ({@code io}, {@code decode},
 *     {@code engine}, {@code encode}), and {@code nightshift_worker_jobs_in_flight};</li>
 * <li>{@code nightshift_worker_engine_busy_seconds_total} and {@code nightshift_worker_engine_busy_ratio} (the
 *     share of wall time the engine was busy since the previous scrape);</li>
 * <li>{@code nightshift_worker_model_set_info{version}} = 1 for the serving model set;</li>
 * <li>{@code nightshift_worker_retries_total{stage}}, {@code nightshift_worker_native_crashes_charged_total};</li>
 * <li>{@code nightshift_worker_start_retries_total}: start attempts that failed (broker or object store
 *     unreachable) and are retried;</li>
 * <li>{@code nightshift_worker_model_set_load_retries_total}: loads of an announced set that failed for a reason
 *     that may pass and are retried, and {@code nightshift_worker_model_set_pending} = 1 while such a set waits
 *     (the worker serves an older set, or none, meanwhile);</li>
 * <li>{@code nightshift_worker_model_set_announcements_skipped_total}: model-set records that cannot be used;</li>
 * <li>{@code nightshift_worker_environment_down} = 1 while the worker holds its jobs because the environment failed
 *     (its own location in the object store, the engine's resources), and
 *     {@code nightshift_worker_environment_outages_total};</li>
 * <li>{@code nightshift_worker_stage_timeouts_total{stage}}: decodes and inferences past their deadline, and
 *     {@code nightshift_worker_stages_overdue}: those still running.</li>
 * </ul>
 */
public final class WorkerMetrics {

    private final MeterRegistry registry;
    private final Map<Stage, Timer> stages = new EnumMap<>(Stage.class);
    private final Map<String, Counter> jobs = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> running = new ConcurrentHashMap<>();
    private final AtomicLong engineBusyNanos = new AtomicLong();
    private final Counter crashesCharged;
    private final Counter startRetries;
    private final Counter modelSetLoadRetries;
    private final Counter announcementsSkipped;
    private final AtomicLong modelSetPending = new AtomicLong();
    private final Counter deathsCharged;
    private final Object busyLock = new Object();
    private long lastBusyNanos;
    private long lastWallNanos = System.nanoTime();
    private volatile Gauge modelSet;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Stage stage : Stage.values()) {
            stages.put(stage, Timer.builder("nightshift.worker.stage")
                    .description("time per job spent in each pipeline stage")
                    .tag("stage", stage.wireName())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(5))
                    .register(registry));
        }
        FunctionCounter.builder("nightshift.worker.engine.busy", engineBusyNanos, n -> n.get() / 1e9)
                .description("seconds the inference engine spent on jobs").baseUnit("seconds").register(registry);
        Gauge.builder("nightshift.worker.engine.busy.ratio", this, WorkerMetrics::busyRatioSinceLastRead)
                .description("share of wall time the engine was busy since the previous read").register(registry);
        crashesCharged = Counter.builder("nightshift.worker.native.crashes.charged")
                .description("crashes in the native stage found charged to jobs (markers left by dead processes)")
                .register(registry);
        deathsCharged = Counter.builder("nightshift.worker.deaths.charged")
                .description("worker deaths a job was in flight at, found when it came round again (in-flight markers)")
                .register(registry);
        startRetries = Counter.builder("nightshift.worker.start.retries")
                .description("start attempts that failed (broker or object store unreachable) and are retried")
                .register(registry);
        modelSetLoadRetries = Counter.builder("nightshift.worker.model.set.load.retries")
                .description("loads of an announced model set that failed for a reason that may pass, retried")
                .register(registry);
        Gauge.builder("nightshift.worker.model.set.pending", modelSetPending, AtomicLong::get)
                .description("1 while an announced model set cannot be loaded yet and is retried").register(registry);
        announcementsSkipped = Counter.builder("nightshift.worker.model.set.announcements.skipped")
                .description("model-set records that cannot be used (not a manifest, an unsafe key), skipped")
                .register(registry);
    }

    public void environmentDown(Supplier<Number> down) {
        Gauge.builder("nightshift.worker.environment.down", down).strongReference(true)
                .description("1 while the worker holds its jobs because the environment failed").register(registry);
    }

    public void environmentOutage() {
        Counter.builder("nightshift.worker.environment.outages")
                .description("times the worker stopped taking jobs because the environment failed")
                .register(registry).increment();
    }

    public void stageTimeout(String stage) {
        Counter.builder("nightshift.worker.stage.timeouts").tag("stage", stage)
                .description("decodes and inferences that ran past their deadline").register(registry).increment();
    }

    public void stagesOverdue(Supplier<Number> overdue) {
        Gauge.builder("nightshift.worker.stages.overdue", overdue).strongReference(true)
                .description("stages running past their deadline now").register(registry);
    }

    public void startRetry() {
        startRetries.increment();
    }

    public void modelSetLoadRetry() {
        modelSetLoadRetries.increment();
    }

    public void modelSetPending(boolean pending) {
        modelSetPending.set(pending ? 1 : 0);
    }

    public void announcementSkipped() {
        announcementsSkipped.increment();
    }

    public void stage(Stage stage, long nanos) {
        stages.get(stage).record(Duration.ofNanos(nanos));
    }

    public void job(String outcome, ErrorClass errorClass) {
        String errorTag = errorClass == null ? "none" : errorClass.name();
        jobs.computeIfAbsent(outcome + "/" + errorTag, k -> Counter.builder("nightshift.worker.jobs")
                .description("jobs by outcome and error class").tag("outcome", outcome).tag("error_class", errorTag)
                .register(registry)).increment();
    }

    public void retry(String stage) {
        retries.computeIfAbsent(stage, k -> Counter.builder("nightshift.worker.retries")
                .description("stage retries after transient failures").tag("stage", stage).register(registry)).increment();
    }

    /**
     * Jobs inside a pipeline step now ({@code nightshift_worker_stage_running{stage}}: {@code download}, {@code decode},
     * {@code infer}, {@code encode}, {@code upload}): what a worker was doing at the instant it was scraped, so that
     * an operator (or the chaos suite, before a kill) sees which stage is busy. The caller decrements what it added.
     */
    public java.util.concurrent.atomic.AtomicInteger stageRunning(String stage) {
        return running.computeIfAbsent(stage, k -> {
            java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
            Gauge.builder("nightshift.worker.stage.running", count, java.util.concurrent.atomic.AtomicInteger::get)
                    .description("jobs inside a pipeline step now").tag("stage", stage).strongReference(true)
                    .register(registry);
            return count;
        });
    }

    public void crashesCharged(int count) {
        crashesCharged.increment(count);
    }

    public void deathsCharged(int count) {
        deathsCharged.increment(count);
    }

    public void engineBusy(long nanos) {
        engineBusyNanos.addAndGet(nanos);
    }

    /** Cumulative engine busy time, for the benchmark's busy fractions. */
    public long engineBusyNanos() {
        return engineBusyNanos.get();
    }

    public void queue(String name, Supplier<Number> depth) {
        Gauge.builder("nightshift.worker.queue.depth", depth).description("tasks waiting for a stage's threads")
                .tag("queue", name).register(registry);
    }

    public void inFlight(Supplier<Number> jobs) {
        Gauge.builder("nightshift.worker.jobs.in.flight", jobs).description("jobs taken and not yet committed")
                .register(registry);
    }

    /**
     * The jobs topic's partitions this worker holds ({@code nightshift_worker_partitions_assigned}): 0 on a worker the
     * group left without a partition (more replicas than partitions), which takes no jobs though it is ready.
     */
    public void partitions(Supplier<Number> held) {
        Gauge.builder("nightshift.worker.partitions.assigned", held)
                .description("partitions of the jobs topic this worker holds; 0: idle").register(registry);
    }

    /** The serving model set's version, as an info gauge. */
    public synchronized void servingModelSet(String version) {
        Gauge old = modelSet;
        if (old != null) {
            if (old.getId().getTag("version").equals(version)) {
                return;
            }
            registry.remove(old);
        }
        modelSet = Gauge.builder("nightshift.worker.model.set.info", () -> 1).tag("version", version)
                .description("the model set serving new jobs").register(registry);
    }

    private double busyRatioSinceLastRead() {
        synchronized (busyLock) {
            long now = System.nanoTime();
            long busy = engineBusyNanos.get();
            long wall = now - lastWallNanos;
            double ratio = wall <= 0 ? 0 : Math.min(1.0, (busy - lastBusyNanos) / (double) wall);
            lastWallNanos = now;
            lastBusyNanos = busy;
            return ratio;
        }
    }
}
