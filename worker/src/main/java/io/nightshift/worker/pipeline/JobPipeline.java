package io.nightshift.worker.pipeline;

import io.nightshift.inference.output.OutputMetadata;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.protocol.Camera;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.ObjectKeys;
import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.protocol.PoisonJobException;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.Stage;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.pack.PackBuffers;
import io.nightshift.raw.pack.PackedFrame;
import io.nightshift.worker.failure.Backoff;
import io.nightshift.worker.failure.EngineExhausted;
import io.nightshift.worker.failure.Failures;
import io.nightshift.worker.failure.Failures.Kind;
import io.nightshift.worker.failure.Failures.Verdict;
import io.nightshift.worker.messaging.DeadLetterWriter;
import io.nightshift.worker.messaging.JobHandler;
import io.nightshift.worker.messaging.ResultPublisher;
import io.nightshift.worker.failure.TransientFailure;
import io.nightshift.worker.metrics.WorkerMetrics;
import io.nightshift.worker.storage.CrashLedger;
import io.nightshift.worker.storage.MarkerRemovals;
import io.nightshift.worker.storage.Locations;
import io.nightshift.worker.storage.ObjectStore;
import io.nightshift.worker.storage.StageTimeouts;
import io.nightshift.worker.storage.StoreRefused;
import io.nightshift.worker.storage.StoreUnavailable;
import java.util.Optional;
import java.util.Set;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * The staged pipeline of one worker: every job goes download → decode (+ pack) → ratio + infer → post +
 * encode (+ previews; a {@code dng} job's output is the network's linear result, its previews sRGB) → upload
 * (+ result event), each stage on its own small thread pool, so that the next job downloads and decodes while
 * the engine works on the current one and the previous one is encoded and uploaded: the engine never waits
 * for I/O that could have been done earlier. The queues in front of the
 * pools are bounded (a job is in at most one of them, and the poll loop keeps at most {@code maxInFlight}
 * jobs in the pipeline), and decoded frames are bounded by {@link FrameBuffers}.
 *
 * <p>Failures, by what happens to the job ({@link Failures}): a transient one retries the failed stage after
 * an exponential backoff on a timer, holding only that job (other jobs and partitions go on); a poison one
 * (malformed message, key not allowed, missing or oversized object, undecodable or unsupported RAW, a job that
 * crashed workers too often) and an unexpected one that persisted ({@code INTERNAL}) publish a dead letter and,
 * when the ids can be read, a FAILED result; then the job counts as finished and its offset may be committed.
 *
 * <p>Deaths of the process ({@link CrashLedger}): every job holds an in-flight marker while it runs. A job that comes
 * round with markers of dead workers was in flight at their deaths: it is a suspect and runs alone
 * ({@link Isolation}), so that the next death, if any, is its own; at {@code maxDeaths} deaths on different workers
 * it is dead-lettered as {@code CRASHED_WORKER}. An {@link OutOfMemoryError} in a stage ends the process (status 3,
 * as {@code -XX:+ExitOnOutOfMemoryError}) instead of going on with a damaged heap.
 *
 * <p>The environment ({@link EnvironmentWatch}): a store failure is the job's only when a location the worker owns
 * still answers — then a refused source is {@code OBJECT_MISSING} and a refused output {@code OUTPUT_NOT_WRITABLE};
 * otherwise every job is held uncharged at its next step until the worker's location answers again. An engine that
 * cannot allocate holds the job likewise, which then runs again from its download.
 *
 * <p>Deadlines ({@link StageDeadlines}): a decode or an inference past its deadline, scaled by the frame, is charged
 * to its job ({@link StageTimeouts}; {@code STAGE_TIMEOUT} at the crash limit) and makes the worker not live while it
 * has not returned, so that the process is replaced.
 */
public final class JobPipeline implements JobHandler, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobPipeline.class);

    /** Thrown into a job's chain when the pipeline abandons it: at shutdown, or its partition was revoked. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            this("abandoned at shutdown");
        }

        Abandoned(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * How long screening counts a job's in-flight markers again before it dead-letters the job for deaths: a worker
     * whose partition was revoked while it uploaded the job finishes that upload and removes its marker meanwhile, and
     * a live worker is no death (found by ./nightshift chaos: a good job dead-lettered CRASHED_WORKER).
     */
    static final java.time.Duration DEATH_RECHECK = java.time.Duration.ofSeconds(15);
    private static final String REVOKED = "given up: its partition was revoked (its new owner runs it)";

    private final PipelineSettings settings;
    private final ObjectStore store;
    private final Locations sources;
    private final Locations outputs;
    private final CrashLedger ledger;
    private final RawDecoder decoder;
    private final ResultPublisher publisher;
    private final DeadLetterWriter deadLetters;
    private final WorkerMetrics metrics;
    private final String workerId;
    private final NativeCrashHook crashHook;
    private final OutOfMemoryHook memoryHook;
    private final EngineStage engineStage;
    private final FrameBuffers frames;
    private final OutputStage output;
    private final Isolation isolation = new Isolation();
    private final StageTimeouts timeouts;
    private final StageLimits limits;
    private final StallHook stallHook;
    private final EngineExhaustionHook exhaustionHook;
    private final EnvironmentWatch environment;
    private final StageDeadlines deadlines;

    private final ThreadPoolExecutor io;
    private final ThreadPoolExecutor decode;
    private final ThreadPoolExecutor engine;
    private final ThreadPoolExecutor encode;
    private final ScheduledExecutorService timer;
    private final MarkerRemovals markerRemovals;
    private volatile boolean abandoning;
    /** Jobs between {@link #handle} and their outcome, for {@link #giveUp}. */
    private final java.util.Set<JobTask> live = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public JobPipeline(PipelineSettings settings, int maxInFlight, ObjectStore store, Locations sources,
                       Locations outputs, CrashLedger ledger, RawDecoder decoder, ModelRegistry registry,
                       ResultPublisher publisher, DeadLetterWriter deadLetters, WorkerMetrics metrics, String workerId,
                       NativeCrashHook crashHook, OutOfMemoryHook memoryHook, StageTimeouts timeouts,
                       StageLimits limits, String ownBucket, Set<String> ownBuckets, StallHook stallHook,
                       EngineExhaustionHook exhaustionHook) {
        this.settings = settings;
        this.store = store;
        this.sources = sources;
        this.outputs = outputs;
        this.ledger = ledger;
        this.decoder = decoder;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.workerId = workerId;
        this.crashHook = crashHook;
        this.memoryHook = memoryHook;
        this.exhaustionHook = exhaustionHook;
        this.engineStage = new EngineStage(registry, settings.ratioRange(), settings.tiling(), exhaustionHook);
        this.frames = new FrameBuffers(settings.frameBuffers());
        this.output = new OutputStage(settings.jpegQuality(), settings.previewLongSide());
        // a job waits in at most one queue at a time: maxInFlight bounds every queue
        int queue = Math.max(1, maxInFlight) + 1;
        this.io = pool("nightshift-io", settings.ioThreads(), queue);
        this.decode = pool("nightshift-decode", settings.decodeThreads(), queue);
        this.engine = pool("nightshift-engine", 1, queue);
        this.encode = pool("nightshift-encode", settings.encodeThreads(), queue);
        this.timer = Executors.newSingleThreadScheduledExecutor(threads("nightshift-retry"));
        this.markerRemovals = new MarkerRemovals(ledger);
        this.timeouts = timeouts;
        this.limits = limits;
        this.stallHook = stallHook;
        this.environment = new EnvironmentWatch(store, ownBucket, ownBuckets,
                new Backoff(settings.initialBackoff(), settings.maxBackoff()), timer, metrics, workerId);
        this.deadlines = new StageDeadlines(timer, metrics);
        metrics.queue("io", () -> io.getQueue().size());
        metrics.queue("decode", () -> decode.getQueue().size());
        metrics.queue("engine", () -> engine.getQueue().size());
        metrics.queue("encode", () -> encode.getQueue().size());
        metrics.queue("isolation", isolation::waiting);
        for (String step : java.util.List.of("download", "decode", "infer", "encode", "upload")) {
            metrics.stageRunning(step); // 0 from the start, so that a scrape shows every step
        }
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queue) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queue * 2), threads(name));
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Frames decoded and held for (or by) the engine. */
    public int framesInUse() {
        return frames.inUse();
    }

    /** Why the worker holds its jobs (the environment failed), or empty while it works (readiness). */
    public Optional<String> environmentProblem() {
        return environment.problem();
    }

    /** A decode or inference still running past its deadline, or empty (liveness). */
    public Optional<String> overdueStage() {
        return deadlines.overdue();
    }

    @Override
    public CompletableFuture<Outcome> handle(ConsumerRecord<String, byte[]> record) {
        JobTask t = new JobTask(record);
        live.add(t);
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        step(io, t, "screen", this::screen)
                .thenCompose(v -> isolation.admit(t.suspect).thenRun(() -> t.admitted = true))
                .whenComplete((v, error) -> {
                    if (error == null) {
                        run(t, outcome);
                    } else {
                        failed(t, Failures.unwrap(error), outcome);
                    }
                });
        return outcome;
    }

    /** From the download on; run again from there when the engine could not allocate (held, uncharged). */
    private void run(JobTask t, CompletableFuture<Outcome> outcome) {
        step(io, t, "download", this::download)
                .thenCompose(v -> step(decode, t, "decode", this::decode))
                .thenCompose(v -> step(engine, t, "infer", this::infer))
                .thenCompose(v -> step(encode, t, "encode", this::encode))
                .thenCompose(v -> step(io, t, "upload", this::upload))
                .whenComplete((v, error) -> {
                    releaseFrame(t);
                    Throwable cause = error == null ? null : Failures.unwrap(error);
                    if (cause instanceof EngineExhausted && !abandoning) {
                        t.forgetFrame();
                        long delay = backoffMillis(Math.min(10, ++t.engineHolds));
                        LOG.warnf("%s held: %s; it runs again from its download in %d ms", t.describe(),
                                cause.getMessage(), delay);
                        try {
                            timer.schedule(() -> run(t, outcome), delay, TimeUnit.MILLISECONDS);
                            return;
                        } catch (java.util.concurrent.RejectedExecutionException stopping) {
                            cause = new Abandoned();
                        }
                    }
                    if (error == null) {
                        done(t);
                        complete(t, outcome, Outcome.DONE);
                    } else {
                        failed(t, cause, outcome);
                    }
                });
    }

    // ---- stages --------------------------------------------------------------------------------------

    /** The job read and checked, and what the ledger holds against it: before it may run. */
    private void screen(JobTask t) {
        long start = System.nanoTime();
        if (t.job == null) {
            t.job = ProtocolJson.readJob(t.record.value());
        }
        Job job = t.job;
        sources.require(job.source());
        outputs.require(job.output());
        outputs.require(new ObjectRef(job.output().bucket(), job.output().key() + settings.resultPreviewSuffix()));
        t.crashes = ledger.crashes(job);
        t.timeouts = timeouts.count(job);
        if (t.timeouts > 0 && t.crashes + t.timeouts >= settings.maxCrashes()) {
            metrics.crashesCharged(t.crashes + t.timeouts);
            ErrorClass errorClass = t.timeouts >= t.crashes ? ErrorClass.STAGE_TIMEOUT : ErrorClass.CRASHED_WORKER;
            throw new PoisonJobException(errorClass, "the job ran past a stage deadline " + t.timeouts
                    + " time(s) and crashed a worker " + t.crashes + " time(s) in native code (limit "
                    + settings.maxCrashes() + " together)");
        }
        if (t.crashes >= settings.maxCrashes()) {
            metrics.crashesCharged(t.crashes);
            throw new PoisonJobException(ErrorClass.CRASHED_WORKER, "the job crashed a worker " + t.crashes
                    + " time(s) inside the native decode stage (limit " + settings.maxCrashes() + ")");
        }
        if (t.timeouts > 0) {
            LOG.warnf("%s ran past a stage deadline %d time(s) before; trying again (limit %d with crashes)",
                    t.describe(), t.timeouts, settings.maxCrashes());
        }
        if (t.crashes > 0) {
            metrics.crashesCharged(t.crashes);
            LOG.warnf("%s crashed a worker %d time(s) in the native stage before; trying again (limit %d)",
                    t.describe(), t.crashes, settings.maxCrashes());
        }
        java.util.Set<String> deaths = ledger.deaths(job);
        t.deaths = deaths.size();
        if (t.deaths >= settings.maxDeaths()) {
            // a marker may be a live worker's: its partition was revoked while it uploaded the job, which it finishes
            // (giveUp) and then removes its marker. Count again for a while before calling them deaths.
            long now = System.nanoTime();
            if (t.deathLimitSeenAt == 0) {
                t.deathLimitSeenAt = now;
            }
            if (now - t.deathLimitSeenAt < DEATH_RECHECK.toNanos()) {
                throw new TransientFailure("in-flight markers of " + deaths + " at the limit of " + settings.maxDeaths()
                        + " deaths; counting again in case one is a live worker still finishing it", null);
            }
        }
        if (t.deaths > 0) {
            metrics.deathsCharged(t.deaths);
        }
        if (t.deaths >= settings.maxDeaths()) {
            throw new PoisonJobException(ErrorClass.CRASHED_WORKER, "the job was in flight when " + t.deaths
                    + " different workers died " + deaths + " (limit " + settings.maxDeaths()
                    + "; after the first it ran alone)");
        }
        if (t.deaths > 0) {
            t.suspect = true;
            LOG.warnf("%s was in flight when %d worker(s) died %s; running it alone (limit %d)", t.describe(),
                    t.deaths, deaths, settings.maxDeaths());
        }
        t.add(Stage.DOWNLOAD, System.nanoTime() - start);
    }

    private void download(JobTask t) {
        long start = System.nanoTime();
        if (t.running == null) {
            // durable before the job holds anything: a death from here on leaves it behind
            t.running = ledger.run(t.job);
        }
        t.source = store.read(t.job.source(), settings.maxSourceBytes());
        t.add(Stage.DOWNLOAD, System.nanoTime() - start);
    }

    private void decode(JobTask t) throws InterruptedException {
        PackBuffers buffers = frames.take(() -> abandoning || t.givenUp);
        if (buffers == null) {
            throw abandoning ? new Abandoned() : new Abandoned(REVOKED);
        }
        boolean handedOver = false;
        try {
            long start = System.nanoTime();
            CrashLedger.Entry entry = ledger.enter(t.job);
            PackedFrame frame;
            long sourceBytes = t.source.length;
            try (StageDeadlines.Watch watch = deadlines.begin(t.describe(), "decode", limits.decode(sourceBytes),
                    sourceBytes + " bytes", w -> overran(t, w, entry))) {
                crashHook.maybeCrash(t.job);
                stallHook.maybeStall(t.job, () -> abandoning);
                frame = decoder.decodePacked(t.source, buffers);
            } finally {
                exitNativeStage(t, entry);
            }
            long decoded = System.nanoTime();
            InputPreview.PackedGeometry geometry = InputPreview.PackedGeometry.of(frame.packed());
            var previewSource = InputPreview.source(frame.packed(), settings.previewLongSide());
            // assigned only once everything succeeded: a retried decode starts from the same state
            t.add(Stage.DECODE, decoded - start);
            t.add(Stage.PACK, System.nanoTime() - decoded);
            t.metadata = frame.metadata();
            t.packed = frame.packed();
            t.geometry = geometry;
            t.previewSource = previewSource;
            t.buffers = buffers;
            t.source = null;
            handedOver = true;
        } finally {
            if (!handedOver) {
                frames.release(buffers);
            }
        }
    }

    /**
     * A stage past its deadline is charged to its job as a stage timeout; a decode's native-stage marker is removed
     * first, so that the process being replaced while it is stuck charges the job once, as a timeout.
     */
    private void overran(JobTask t, StageDeadlines.Watch watch, CrashLedger.Entry entry) {
        if (entry != null) {
            exitNativeStage(t, entry);
        }
        timeouts.charge(t.job, watch.stage(), watch.describe());
    }

    private void exitNativeStage(JobTask t, CrashLedger.Entry entry) {
        try {
            ledger.exit(entry);
        } catch (RuntimeException e) {
            // a marker left behind charges the job one crash it did not cause; far below the limit, and logged
            LOG.warnf("%s: could not remove its native-stage marker %s: %s", t.describe(), entry.marker(), e.getMessage());
        }
    }

    private void infer(JobTask t) {
        memoryHook.maybeExhaust(t.job);
        long start = System.nanoTime();
        long pixels = (long) t.metadata.width() * t.metadata.height();
        try (StageDeadlines.Watch watch = deadlines.begin(t.describe(), "infer", limits.infer(pixels),
                String.format("%.1f MP", pixels / 1e6), w -> overran(t, w, null))) {
            engineStage.run(t);
        } catch (RuntimeException e) {
            throw EngineExhausted.of(e).map(RuntimeException.class::cast).orElse(e);
        } finally {
            metrics.engineBusy(System.nanoTime() - start);
        }
        environment.engineRan();
        releaseFrame(t);
    }

    /**
     * Post-processing to display sRGB ({@link OutputStage#post}: packed 16-bit for PNG and TIFF, 8-bit for JPEG and
     * for a DNG job's result preview) and encoding. A DNG holds the network output itself ({@code LinearDngEncoder}),
     * so a DNG job keeps that until the DNG is written; other formats drop the network output after post-processing.
     * Either way a retry finds what it needs: the display image, or the network output to make it again.
     */
    private void encode(JobTask t) {
        long start = System.nanoTime();
        if (t.display == null) {
            t.display = output.post(t.rgb, t.metadata, t.geometry, t.job.format());
            if (t.job.format() != OutputFormat.DNG) {
                t.rgb = null;
            }
            t.add(Stage.POST, System.nanoTime() - start);
        }
        long posted = System.nanoTime();
        OutputMetadata meta = OutputMetadata.of(t.metadata.capture(), t.modelSet, t.ratio, t.ratioSource.wireName());
        OutputStage.Encoded encoded = output.encode(t.display, t.rgb, t.metadata, t.geometry, t.previewSource, t.ratio,
                t.job.format(), meta);
        t.output = encoded.output();
        t.resultPreview = encoded.resultPreview();
        t.inputPreview = encoded.inputPreview();
        t.display = null;
        t.rgb = null;
        t.previewSource = null;
        t.add(Stage.ENCODE, System.nanoTime() - posted);
    }

    private void upload(JobTask t) {
        t.uploading = true; // from here on a revoked partition's job finishes: its output is on the way
        long start = System.nanoTime();
        Job job = t.job;
        ObjectRef out = job.output();
        ObjectRef resultPreview = new ObjectRef(out.bucket(), out.key() + settings.resultPreviewSuffix());
        ObjectRef inputPreview = new ObjectRef(out.bucket(), out.key() + settings.inputPreviewSuffix());
        store.write(out, t.output, job.format().contentType());
        store.write(resultPreview, t.resultPreview, "image/jpeg");
        store.write(inputPreview, t.inputPreview, "image/jpeg");
        Map<String, String> previews = new LinkedHashMap<>();
        previews.put(JobResult.PREVIEW_INPUT, inputPreview.key());
        previews.put(JobResult.PREVIEW_RESULT, resultPreview.key());
        t.previewKeys = previews;
        long uploaded = System.nanoTime();
        t.add(Stage.UPLOAD, uploaded - start);
        publisher.result(JobResult.done(job, out.key(), previews, t.modelSet, t.ratio, t.ratioSource,
                Camera.named(t.metadata.capture().make(), t.metadata.capture().model()), t.stageMs(),
                workerId, Instant.now()));
        t.add(Stage.UPLOAD, System.nanoTime() - uploaded);
        t.output = null;
        t.resultPreview = null;
        t.inputPreview = null;
    }

    private void releaseFrame(JobTask t) {
        PackBuffers buffers = t.buffers;
        if (buffers != null) {
            t.buffers = null;
            t.packed = null;
            frames.release(buffers);
        }
    }

    // ---- outcomes ------------------------------------------------------------------------------------

    private void done(JobTask t) {
        long total = System.nanoTime() - t.startNanos;
        t.nanos.forEach(metrics::stage);
        metrics.job("done", null);
        LOG.infof("%s DONE in %d ms: %s/%s, model set %s, ratio %.1f (%s), ms %s", t.describe(), total / 1_000_000,
                t.job.output().bucket(), t.job.output().key(), t.modelSet, t.ratio, t.ratioSource.wireName(),
                wireNames(t.stageMs()));
    }

    private void failed(JobTask t, Throwable error, CompletableFuture<Outcome> outcome) {
        if (error instanceof Abandoned) {
            metrics.job("abandoned", null);
            LOG.infof("%s %s (not committed: it will be redelivered)", t.describe(), error.getMessage());
            complete(t, outcome, Outcome.ABANDONED);
            return;
        }
        Verdict verdict = Failures.classify(error);
        ErrorClass errorClass = verdict.errorClass();
        step(io, t, "dead-letter", task -> publishFailure(task, verdict)).whenComplete((v, e) -> {
            if (e != null) {
                metrics.job("abandoned", errorClass);
                if (Failures.unwrap(e) instanceof Abandoned a) {
                    LOG.infof("%s %s before its dead letter was published", t.describe(), a.getMessage());
                } else {
                    // never committed: the partition's commits stop here until a restart redelivers the job
                    LOG.errorf(e, "%s: its dead letter (%s) could not be published; left uncommitted", t.describe(),
                            errorClass);
                }
                complete(t, outcome, Outcome.ABANDONED);
                return;
            }
            metrics.job("failed", errorClass);
            if (verdict.kind() == Kind.INTERNAL) {
                LOG.errorf(error, "%s FAILED %s: %s (dead-lettered)", t.describe(), errorClass, verdict.reason());
            } else if (t.storedPayload != null) {
                LOG.warnf("%s FAILED %s: %s (dead-lettered; its %d bytes stored at %s)", t.describe(), errorClass,
                        verdict.reason(), t.storedPayload.bytes(), t.storedPayload.location());
            } else {
                LOG.warnf("%s FAILED %s: %s (dead-lettered)", t.describe(), errorClass, verdict.reason());
            }
            complete(t, outcome, Outcome.DEAD_LETTERED);
        });
    }

    /**
     * The job leaves: its in-flight marker is removed (its outcome is durable, or it was abandoned at shutdown: not a
     * death) and its place beside the others is freed, then the poll loop learns the outcome.
     */
    private void complete(JobTask t, CompletableFuture<Outcome> outcome, Outcome o) {
        live.remove(t);
        CrashLedger.Running running = t.running;
        if (running != null) {
            t.running = null;
            markerRemovals.remove(t.describe(), running); // left behind, it would count a death that did not happen
        }
        if (t.admitted) {
            t.admitted = false;
            isolation.release(t.suspect);
        }
        outcome.complete(o);
    }

    private void publishFailure(JobTask t, Verdict verdict) {
        Instant now = Instant.now();
        String reason = verdict.reason().length() <= DeadLetterWriter.MAX_REASON_CHARS ? verdict.reason()
                : verdict.reason().substring(0, DeadLetterWriter.MAX_REASON_CHARS - 1) + "…";
        if (t.job != null) {
            int attempts = verdict.errorClass() == ErrorClass.CRASHED_WORKER ? Math.max(t.crashes, t.deaths)
                    : t.job.attempt();
            deadLetters.job(t.job, verdict.errorClass(), reason, Math.max(1, attempts), workerId, now);
            publisher.result(JobResult.failed(t.job.jobId(), t.job.batchId(), t.job.attempt(), verdict.errorClass(),
                    reason, t.stageMs(), workerId, now));
            return;
        }
        byte[] raw = t.record.value() == null ? new byte[0] : t.record.value();
        var ids = ProtocolJson.peekIds(raw).filter(i -> ObjectKeys.isValidId(i.jobId()) && ObjectKeys.isValidId(i.batchId()));
        String key = ids.map(ProtocolJson.JobIds::jobId).orElseGet(() -> boundedKey(t.record.key()));
        // assigned only once durable: a retried dead letter stores the same bytes under the same name again
        t.storedPayload = deadLetters.unparsed(key, raw, ids.orElse(null), verdict.errorClass(), reason, workerId, now);
        ids.ifPresent(i -> publisher.result(JobResult.failed(i.jobId(), i.batchId(), i.attempt(), verdict.errorClass(),
                reason, Map.of(), workerId, now)));
    }

    /** The original record's key for its dead letter: kept when short, else replaced by its digest. */
    private static String boundedKey(String key) {
        if (key == null) {
            return "";
        }
        byte[] bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= DeadLetterWriter.MAX_KEY_BYTES) {
            return key;
        }
        try {
            return "key-sha256-" + java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- retries -------------------------------------------------------------------------------------

    private interface Body {
        void run(JobTask t) throws Exception;
    }

    private CompletableFuture<Void> step(ThreadPoolExecutor pool, JobTask t, String name, Body body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(pool, t, name, body, done, 1);
        return done;
    }

    private void attempt(ThreadPoolExecutor pool, JobTask t, String name, Body body, CompletableFuture<Void> done, int tries) {
        Runnable run = () -> {
            if (abandoning) {
                done.completeExceptionally(new Abandoned());
                return;
            }
            if (t.givenUp && !t.uploading) {
                done.completeExceptionally(new Abandoned(REVOKED));
                return;
            }
            if (environment.holding()) {
                hold(pool, t, name, body, done, tries);
                return;
            }
            AtomicInteger running = metrics.stageRunning(name);
            running.incrementAndGet();
            try {
                body.run(t);
                running.decrementAndGet();
                done.complete(null);
            } catch (Throwable e) {
                running.decrementAndGet();
                Throwable cause = Failures.unwrap(e);
                if (cause instanceof StoreRefused || cause instanceof StoreUnavailable) {
                    boolean ownRefused = cause instanceof StoreRefused r && environment.owns(r.ref().bucket());
                    if (ownRefused) {
                        environment.ownLocationFailed(cause.getMessage());
                    }
                    if (!abandoning && (ownRefused || environment.storeFailureIsEnvironment(t.describe() + ": " + name
                            + " failed: " + cause.getMessage()))) {
                        hold(pool, t, name, body, done, tries);
                        return;
                    }
                    if (cause instanceof StoreRefused r) {
                        cause = attributed(t, r);
                    }
                }
                if (cause instanceof OutOfMemoryError oom) {
                    outOfMemory(t, name, oom);
                }
                if (cause instanceof EngineExhausted) {
                    environment.engineExhausted(cause.getMessage());
                }
                if (cause instanceof Abandoned || cause instanceof EngineExhausted) {
                    done.completeExceptionally(cause);
                    return;
                }
                if (cause instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    done.completeExceptionally(new Abandoned());
                    return;
                }
                Verdict verdict = Failures.classify(cause);
                boolean retry = verdict.kind() == Kind.TRANSIENT
                        || (verdict.kind() == Kind.INTERNAL && tries < settings.internalAttempts());
                if (!retry || abandoning) {
                    done.completeExceptionally(abandoning && verdict.kind() == Kind.TRANSIENT ? new Abandoned() : cause);
                    return;
                }
                long delay = backoffMillis(tries);
                metrics.retry(name);
                if (tries == 1 || tries % 10 == 0) {
                    LOG.warnf("%s: %s failed (%s, try %d): %s; retrying in %d ms", t.describe(), name,
                            verdict.kind().name().toLowerCase(), tries, verdict.reason(), delay);
                }
                timer.schedule(() -> attempt(pool, t, name, body, done, tries + 1), delay, TimeUnit.MILLISECONDS);
            }
        };
        try {
            pool.execute(run);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            done.completeExceptionally(new Abandoned());
        }
    }

    /** Holds the job's step while the environment is down: no try counted, tried again once it is back. */
    private void hold(ThreadPoolExecutor pool, JobTask t, String name, Body body, CompletableFuture<Void> done,
                      int tries) {
        try {
            timer.schedule(() -> attempt(pool, t, name, body, done, tries), environment.holdMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            done.completeExceptionally(new Abandoned());
        }
    }

    /**
     * A refusal of the store while the worker's own location answers is about the job: its source cannot be read
     * ({@code OBJECT_MISSING}) or its output cannot be written ({@code OUTPUT_NOT_WRITABLE}).
     */
    private static Throwable attributed(JobTask t, StoreRefused r) {
        Job job = t.job;
        if (job != null && r.writing() && r.ref().bucket().equals(job.output().bucket())) {
            return new PoisonJobException(ErrorClass.OUTPUT_NOT_WRITABLE, "output " + r.ref() + " cannot be written: "
                    + r.code() + " (HTTP " + r.status() + "); the worker's own location answers");
        }
        if (job != null && !r.writing() && r.ref().equals(job.source())) {
            return new PoisonJobException(ErrorClass.OBJECT_MISSING, "source " + r.ref() + " cannot be read: "
                    + r.code() + " (HTTP " + r.status() + "); the worker's own location answers");
        }
        return r;
    }

    /**
     * The heap is exhausted: whatever caught it, the process is no longer sound (any thread may have failed half-way).
     * End it, as {@code -XX:+ExitOnOutOfMemoryError} does, so the orchestrator starts a fresh one and the jobs in
     * flight come round again as suspects: the flag catches it earlier and everywhere, this where the flag is missing.
     */
    private static void outOfMemory(JobTask t, String stage, OutOfMemoryError oom) {
        try {
            LOG.fatalf("%s: out of memory in %s (%s); the process exits with status 3", t.describe(), stage,
                    oom.getMessage());
        } finally {
            Runtime.getRuntime().halt(3);
        }
    }

    private long backoffMillis(int tries) {
        long initial = Math.max(1, settings.initialBackoff().toMillis());
        long max = Math.max(initial, settings.maxBackoff().toMillis());
        long exp = initial << Math.min(20, tries - 1);
        long capped = Math.min(max, exp);
        // jitter: between half and all of it, so retries of many jobs spread out
        return capped / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    private static Map<String, Long> wireNames(Map<Stage, Long> ms) {
        Map<String, Long> named = new LinkedHashMap<>();
        ms.forEach((stage, v) -> named.put(stage.wireName(), v));
        return named;
    }

    // ---- shutdown ------------------------------------------------------------------------------------

    /** Marks the jobs of {@code revoked} partitions that are not yet uploading: they stop at their next stage. */
    @Override
    public void giveUp(java.util.Collection<org.apache.kafka.common.TopicPartition> revoked) {
        for (JobTask t : live) {
            if (!t.uploading && revoked.contains(new org.apache.kafka.common.TopicPartition(t.record.topic(),
                    t.record.partition()))) {
                t.givenUp = true;
            }
        }
    }

    @Override
    public void abandonAll() {
        abandoning = true;
        isolation.abandonWaiting(new Abandoned());
    }

    /**
     * Abandons what is left and stops the stage threads, waiting for the engine to return from the job it
     * is running (ONNX Runtime cannot be interrupted) so that its sessions can be closed after.
     */
    @Override
    public void close() {
        abandoning = true;
        isolation.abandonWaiting(new Abandoned());
        timer.shutdownNow();
        for (ThreadPoolExecutor pool : new ThreadPoolExecutor[] {io, decode, engine, encode}) {
            pool.shutdown();
        }
        try {
            for (ThreadPoolExecutor pool : new ThreadPoolExecutor[] {io, decode, engine, encode}) {
                if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                    LOG.warnf("a %s thread did not stop within 60 s", pool.getThreadFactory());
                    pool.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        markerRemovals.close();
    }
}
