package io.nightshift.worker.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.minio.MinioClient;
import io.nightshift.inference.engine.Accelerator;
import io.nightshift.inference.engine.CudaOptions;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.ThreadPool;
import io.nightshift.inference.engine.EnhancerPrecision;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.ratio.RatioRange;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.registry.RegistryStatus;
import io.nightshift.inference.tiling.TilingConfig;
import io.nightshift.raw.decode.DecodeLimits;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.worker.config.StorageConfig;
import io.nightshift.worker.config.WorkerConfig;
import io.nightshift.worker.failure.Backoff;
import io.nightshift.worker.memory.MemoryBudget;
import io.nightshift.worker.messaging.DeadLetterWriter;
import io.nightshift.worker.messaging.JobConsumer;
import io.nightshift.worker.messaging.KafkaSettings;
import io.nightshift.worker.messaging.ResultPublisher;
import io.nightshift.worker.metrics.WorkerMetrics;
import io.nightshift.worker.models.ModelSetFollower;
import io.nightshift.worker.pipeline.JobPipeline;
import io.nightshift.worker.pipeline.NativeCrashHook;
import io.nightshift.worker.pipeline.OutOfMemoryHook;
import io.nightshift.worker.pipeline.PipelineSettings;
import io.nightshift.worker.pipeline.StageLimits;
import io.nightshift.worker.pipeline.StallHook;
import io.nightshift.worker.pipeline.EngineExhaustionHook;
import io.nightshift.worker.storage.StageTimeouts;
import io.nightshift.worker.storage.CrashLedger;
import io.nightshift.worker.storage.DeadLetterPayloads;
import io.nightshift.worker.storage.Locations;
import io.nightshift.worker.storage.ObjectStore;
import io.nightshift.worker.storage.StateLocation;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One worker, assembled from its configuration, with no framework in it: the Quarkus application
 * ({@code WorkerService}) and the plain process entry point ({@code WorkerMain}, used by the process tests
 * and the benchmark) both run this. {@link #create} sets it up without reaching anything; {@link #start(String)}
 * connects to the object store and Kafka, retrying with backoff until they answer, follows the model sets
 * (publishing the default one on a fresh stack), and starts consuming once a set serves; {@link #close} is the
 * graceful shutdown, also of a start still retrying.
 */
public final class Worker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Worker.class);

    private final WorkerConfig config;
    private final String workerId;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final MinioClient s3;
    private final ObjectStore store;
    private final InferenceEngine engine;
    private final ModelRegistry registry;
    private final WorkerMetrics metrics;
    private final StateLocation stateLocation;
    private volatile ModelSetFollower follower;
    private volatile JobPipeline pipeline;
    private volatile JobConsumer consumer;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile boolean consuming;
    private volatile int startFailures;
    private volatile String lastStartFailure;

    private Worker(WorkerConfig config, StorageConfig storage, MeterRegistry meters) {
        // ImageIO encodes through a temporary file by default; its file cache refuses to open once JVM shutdown
        // has begun, which would fail every job finishing in the shutdown grace period (and costs a disk round
        // trip per image): encode in memory
        javax.imageio.ImageIO.setUseCache(false);
        this.config = config;
        this.workerId = workerId(config);
        this.metrics = new WorkerMetrics(meters);
        this.stateLocation = StateLocation.parse(config.state().location());
        this.s3 = MinioClient.builder().endpoint(storage.endpoint())
                .credentials(storage.accessKey(), storage.secretKey()).build();
        // the SDK's OkHttp client waits 5 minutes for a byte by default: a stalled transfer is given up after the
        // storage timeout instead, and retried
        long timeout = storage.timeout().toMillis();
        s3.setTimeout(timeout, timeout, timeout);
        this.store = new ObjectStore(s3);
        WorkerConfig.Engine e = config.engine();
        this.engine = new InferenceEngine(new EngineConfig(accelerator(e.accelerator()), e.cudaDevice(),
                engineThreads(e.threads()), e.spinWait(), EnhancerPrecision.fromSetting(e.precision()),
                CudaOptions.of(e.cuda().convAlgoSearch(), MemoryBudget.parseSize("nightshift.worker.engine.cuda.memory-limit", e.cuda().memoryLimit()),
                        e.cuda().arenaStrategy())).withThreadPool(ThreadPool.fromSetting(e.threadPool())));
        this.registry = new ModelRegistry(engine, Math.min(256, e.tile()));
    }

    /**
     * Sets a worker up without reaching anything (engine, registry, clients): {@link #start(String)} connects it.
     * Fails only for what no retry can mend: the configuration, the engine.
     */
    public static Worker create(WorkerConfig config, StorageConfig storage, MeterRegistry meters) {
        return new Worker(config, storage, meters);
    }

    /**
     * Sets a worker up and starts it ({@link #start(String)}); closes it again when that fails.
     *
     * @param bootstrapServers the Kafka cluster ({@code kafka.bootstrap.servers})
     */
    public static Worker start(WorkerConfig config, StorageConfig storage, String bootstrapServers, MeterRegistry meters) {
        Worker worker = create(config, storage, meters);
        try {
            worker.start(bootstrapServers);
            return worker;
        } catch (RuntimeException | Error e) {
            worker.close();
            throw e;
        }
    }

    /**
     * Connects to the broker and the object store, reads the model-set topic (publishing the default set on a fresh
     * stack) and sets the pipeline and the job consumer up; the consumer takes jobs once a model set serves (loaded
     * by the {@link ModelSetFollower}, which retries a load that may pass). Blocks until then: whatever the broker
     * or the object store refuses is tried again with backoff ({@code start.initial-backoff} … {@code
     * start.max-backoff}), logged and counted, until it works or the worker is closed (then it returns at once).
     */
    public void start(String bootstrapServers) {
        KafkaSettings kafka = new KafkaSettings(bootstrapServers, config.kafka().client());
        WorkerConfig.Models m = config.models();
        ModelSetFollower f = new ModelSetFollower(registry, s3, m.bucket(),
                kafka.properties("nightshift-model-sets-" + workerId), m.topic(), m.channel(), metrics,
                new Backoff(m.reloadInitialBackoff(), m.reloadMaxBackoff()));
        synchronized (this) {
            if (closed) {
                return;
            }
            follower = f;
        }
        Backoff backoff = new Backoff(config.start().initialBackoff(), config.start().maxBackoff());
        int failures = 0;
        while (true) {
            try {
                requireStateBucket();
                if (m.publishDefaultWhenNone()) {
                    f.publishDefaultIfNone(m.defaultSet().map(Path::of), m.startTimeout());
                }
                f.start(m.startTimeout());
                break;
            } catch (Exception e) {
                // the broker or the object store unreachable, slow or refusing (Kafka's and MinIO's exceptions,
                // IOException, TimeoutException): nothing to do but wait and try again
                if (closed) {
                    return;
                }
                failures++;
                String why = describe(e);
                startFailures = failures;
                lastStartFailure = why;
                metrics.startRetry();
                Duration wait = backoff.delay(failures);
                if (Backoff.logged(failures)) {
                    LOG.warnf("worker %s cannot start yet (try %d): %s; trying again in %d ms", workerId, failures, why,
                            wait.toMillis());
                }
                try {
                    if (closing.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (failures > 0) {
            LOG.infof("worker %s reached the broker and the object store after %d failed tries", workerId, failures);
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            buildPipeline(kafka);
            connected = true;
        }
        startConsumingWhenServing();
    }

    /**
     * The state location's bucket must exist before the worker takes a job: without it every job would fail its crash
     * ledger's first read (a start that waits for it is retried and logged instead, and no job is charged).
     */
    private void requireStateBucket() {
        boolean exists;
        try {
            exists = s3.bucketExists(io.minio.BucketExistsArgs.builder().bucket(stateLocation.bucket()).build());
        } catch (io.minio.errors.MinioException e) {
            throw new IllegalStateException("cannot check the state bucket " + stateLocation.bucket() + ": "
                    + e.getMessage(), e);
        }
        if (!exists) {
            throw new IllegalStateException("the state location " + stateLocation + " (nightshift.worker.state.location) "
                    + "is in a bucket that does not exist: create it (the workers need read, write, list and delete there)");
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return e.getClass().getSimpleName() + message;
    }

    private void buildPipeline(KafkaSettings kafka) {
        ResultPublisher publisher = new ResultPublisher(kafka, "nightshift-worker-" + workerId,
                config.kafka().resultsTopic(), config.kafka().deadLettersTopic(), config.kafka().sendTimeout());
        resources.add(publisher);
        RawDecoder decoder = new RawDecoder(decodeLimits());
        resources.add(decoder);
        WorkerConfig.Crashes crashes = config.crashes();
        CrashLedger ledger = new CrashLedger(store, stateLocation, workerId);
        WorkerConfig.Engine e = config.engine();
        int feather = Math.min(TilingConfig.DEFAULT_FEATHER, e.overlap());
        PipelineSettings settings = new PipelineSettings(config.pipeline().ioThreads(), config.pipeline().decodeThreads(),
                config.pipeline().encodeThreads(), config.pipeline().frameBuffers(), config.limits().maxSourceBytes(),
                config.limits().maxPixels(), new TilingConfig(e.tile(), e.overlap(), feather, TilingConfig.DEFAULT_BATCH, e.fixedTileShape()),
                new RatioRange(e.minRatio(), e.maxRatio()), config.retry().initialBackoff(), config.retry().maxBackoff(),
                config.retry().internalAttempts(), crashes.maxCrashes(), crashes.maxDeaths(), config.outputs().jpegQuality(),
                config.outputs().previewLongSide(), config.outputs().resultPreviewSuffix(),
                config.outputs().inputPreviewSuffix());
        NativeCrashHook hook = new NativeCrashHook(config.testHooks().nativeCrash(), config.testHooks().crashMarker());
        OutOfMemoryHook memoryHook = new OutOfMemoryHook(config.testHooks().outOfMemory(),
                config.testHooks().outOfMemoryMarker());
        pipeline = new JobPipeline(settings, config.pipeline().maxInFlight(), store,
                new Locations("source", config.limits().sourceLocations()),
                new Locations("output", config.limits().outputLocations()), ledger, decoder, registry, publisher,
                deadLetterWriter(publisher), metrics, workerId, hook, memoryHook,
                new StageTimeouts(store, stateLocation.bucket(), stateLocation.stageTimeouts(), workerId),
                new StageLimits(config.deadlines().base(), config.deadlines().decodePerMegabyte(),
                        config.deadlines().inferPerMegapixel()),
                stateLocation.bucket(), new java.util.HashSet<>(List.of(stateLocation.bucket(), config.models().bucket())),
                new StallHook(config.testHooks().stall(), config.testHooks().stallMarker()),
                new EngineExhaustionHook(config.testHooks().engineExhaustion(), config.testHooks().engineExhaustionMarker()));
        consumer = new JobConsumer(kafka, config.kafka().group(), config.kafka().jobsTopic(), "nightshift-worker-" + workerId,
                config.kafka().maxPollRecords(), config.pipeline().maxInFlight(), pipeline, config.shutdownGrace());
        metrics.inFlight(consumer::inFlight);
        JobConsumer jobs = consumer;
        metrics.partitions(() -> jobs.heldPartitions().size());
    }

    /** The configured pixel limit, lowered to what the memory budget holds (logged once). */
    private DecodeLimits decodeLimits() {
        MemoryBudget memory = MemoryBudget.of(config.memory().budget(), config.memory().reserve());
        LOG.infof("worker %s: %s", workerId, memory.describe());
        long configured = config.limits().maxPixels();
        long admitted = memory.maxFramePixels();
        if (admitted < 1_000_000) {
            LOG.errorf("worker %s: the memory budget and heap admit frames of at most %d pixels: every camera frame will"
                    + " be refused as TOO_LARGE (%s)", workerId, admitted, memory.basis());
        }
        return admitted < configured ? new DecodeLimits(Math.max(1, admitted), memory.basis())
                : new DecodeLimits(configured);
    }

    private DeadLetterWriter deadLetterWriter(ResultPublisher publisher) {
        WorkerConfig.DeadLetters d = config.deadLetters();
        return new DeadLetterWriter(publisher, new DeadLetterPayloads(store, stateLocation.bucket(),
                stateLocation.deadLetterPayloads()),
                d.maxInlineBytes());
    }

    /** A worker takes no job before a model set serves: other workers that are ready get them meanwhile. */
    private synchronized void startConsumingWhenServing() {
        if (closed) {
            return;
        }
        if (registry.status().isServing()) {
            consumer.start();
            consuming = true;
            LOG.infof("worker %s consuming %s as %s (model set %s)", workerId, config.kafka().jobsTopic(),
                    config.kafka().group(), registry.servingVersion().orElse("?"));
            return;
        }
        Thread waiter = new Thread(() -> {
            while (!closed && !registry.status().isServing()) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (!closed) {
                startConsumingWhenServing();
            }
        }, "nightshift-await-model-set");
        waiter.setDaemon(true);
        waiter.start();
    }

    public String workerId() {
        return workerId;
    }

    public RegistryStatus models() {
        return registry.status();
    }

    /** Whether the object store answers (for readiness). */
    public boolean storageReachable() {
        return store.reachable(config.models().bucket());
    }

    /** Whether the worker has taken jobs since its start: a set served and the consumer started. */
    public boolean started() {
        return consuming;
    }

    /** Whether the start reached the broker and the object store (the model-set topic read, the consumer set up). */
    public boolean connected() {
        return connected;
    }

    /** Start attempts that failed so far (the broker or the object store refused). */
    public int startFailures() {
        return startFailures;
    }

    /** Why the last failed start attempt failed, if one did. */
    public Optional<String> lastStartFailure() {
        return Optional.ofNullable(lastStartFailure);
    }

    /** An announced model set that cannot be loaded yet and is tried again, if any. */
    public Optional<ModelSetFollower.PendingLoad> pendingModelSet() {
        ModelSetFollower f = follower;
        return f == null ? Optional.empty() : f.pending();
    }

    /** Why the worker holds its jobs (the object store fails at its own location, the engine is exhausted), if so. */
    public Optional<String> environmentProblem() {
        JobPipeline p = pipeline;
        return p == null ? Optional.empty() : p.environmentProblem();
    }

    /** A decode or inference still running past its deadline (liveness DOWN: a thread stuck in native code). */
    public Optional<String> overdueStage() {
        JobPipeline p = pipeline;
        return p == null || closed ? Optional.empty() : p.overdueStage();
    }

    /** Whether the poll loop runs and polls (liveness); true before it started and after close. */
    public boolean consumerAlive() {
        return !consuming || closed || consumer.isAlive(Duration.ofSeconds(60));
    }

    /**
     * The jobs topic's partitions this worker holds, for health: {@code "0, 3 of 6"}, {@code "none of 6 (idle: …)"},
     * or {@code "not assigned yet"}.
     */
    public String partitions() {
        JobConsumer c = consumer;
        if (c == null || !c.assigned()) {
            return "not assigned yet";
        }
        List<Integer> held = c.heldPartitions();
        String of = c.topicPartitions() < 0 ? "" : " of " + c.topicPartitions();
        if (held.isEmpty()) {
            return "none" + of + " (idle: the group's other workers hold them all; this one takes no jobs)";
        }
        return held.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + of;
    }

    /** Whether the worker takes jobs. */
    public boolean consuming() {
        return consuming && !closed;
    }

    public WorkerMetrics metrics() {
        return metrics;
    }

    public JobPipeline pipeline() {
        return pipeline;
    }

    public JobConsumer consumer() {
        return consumer;
    }

    /** Graceful shutdown: stop taking jobs, finish or abandon the jobs in flight, commit, release everything. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closing.countDown();
        LOG.infof("worker %s stopping (grace %d s)", workerId, config.shutdownGrace().toSeconds());
        closeQuietly(consumer);
        closeQuietly(pipeline);
        closeQuietly(follower);
        for (int i = resources.size() - 1; i >= 0; i--) {
            closeQuietly(resources.get(i));
        }
        closeQuietly(registry);
        closeQuietly(engine);
        closeQuietly(s3);
        LOG.infof("worker %s stopped", workerId);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warnf("closing %s: %s", c.getClass().getSimpleName(), e.toString());
        }
    }

    /** 0: the available cores minus one for the other stages, at least one. */
    static int engineThreads(int configured) {
        return configured > 0 ? configured : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    private static Accelerator accelerator(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "cpu" -> Accelerator.CPU;
            case "auto" -> Accelerator.CUDA_PREFERRED;
            case "cuda" -> Accelerator.CUDA_REQUIRED;
            default -> throw new IllegalArgumentException("nightshift.worker.engine.accelerator must be cpu, auto or cuda, got '"
                    + name + "'");
        };
    }

    private static String workerId(WorkerConfig config) {
        String id = config.id().orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
            } catch (java.io.IOException e) {
                return "worker-" + ProcessHandle.current().pid();
            }
        });
        return id.replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
