package io.nightshift.worker.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.minio.MinioClient;
import io.nightshift.inference.engine.Accelerator;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.ratio.RatioRange;
import io.nightshift.inference.registry.ModelLoadException;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.registry.RegistryStatus;
import io.nightshift.inference.tiling.TilingConfig;
import io.nightshift.raw.decode.DecodeLimits;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.worker.config.StorageConfig;
import io.nightshift.worker.config.WorkerConfig;
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
import io.nightshift.worker.storage.CrashLedger;
import io.nightshift.worker.storage.DeadLetterPayloads;
import io.nightshift.worker.storage.Locations;
import io.nightshift.worker.storage.ObjectStore;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * One worker, assembled from its configuration, with no framework in it: the Quarkus application
 * ({@code WorkerService}) and the plain process entry point ({@code WorkerMain}, used by the process tests
 * and the benchmark) both run this. {@link #start} connects to the object store and Kafka, loads the latest
 * model set (publishing the default one on a fresh stack), and starts consuming once a set serves;
 * {@link #close} is the graceful shutdown.
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
    private ModelSetFollower follower;
    private JobPipeline pipeline;
    private JobConsumer consumer;
    private volatile boolean closed;
    private volatile boolean consuming;

    private Worker(WorkerConfig config, StorageConfig storage, MeterRegistry meters) {
        // ImageIO encodes through a temporary file by default; its file cache refuses to open once JVM shutdown
        // has begun, which would fail every job finishing in the shutdown grace period (and costs a disk round
        // trip per image): encode in memory
        javax.imageio.ImageIO.setUseCache(false);
        this.config = config;
        this.workerId = workerId(config);
        this.metrics = new WorkerMetrics(meters);
        this.s3 = MinioClient.builder().endpoint(storage.endpoint())
                .credentials(storage.accessKey(), storage.secretKey()).build();
        this.store = new ObjectStore(s3);
        WorkerConfig.Engine e = config.engine();
        this.engine = new InferenceEngine(new EngineConfig(accelerator(e.accelerator()), e.cudaDevice(),
                engineThreads(e.threads()), e.spinWait()));
        this.registry = new ModelRegistry(engine, Math.min(256, e.tile()));
    }

    /**
     * Starts a worker: blocks until the model set is loaded (or known to be missing) and the consumer runs.
     *
     * @param bootstrapServers the Kafka cluster ({@code kafka.bootstrap.servers})
     */
    public static Worker start(WorkerConfig config, StorageConfig storage, String bootstrapServers, MeterRegistry meters)
            throws Exception {
        Worker worker = new Worker(config, storage, meters);
        try {
            worker.startParts(bootstrapServers);
            return worker;
        } catch (Exception | Error e) {
            worker.close();
            throw e;
        }
    }

    private void startParts(String bootstrapServers) throws Exception {
        KafkaSettings kafka = new KafkaSettings(bootstrapServers, config.kafka().client());
        WorkerConfig.Models m = config.models();
        follower = new ModelSetFollower(registry, s3, m.bucket(), kafka.properties("nightshift-model-sets-" + workerId),
                m.topic(), m.channel(), metrics);
        if (m.publishDefaultWhenNone()) {
            follower.publishDefaultIfNone(m.defaultSet().map(Path::of), m.startTimeout());
        }
        try {
            follower.start(m.startTimeout());
        } catch (ModelLoadException e) {
            LOG.errorf("the announced model set cannot be loaded: %s; waiting for another announcement", e.getMessage());
        }

        ResultPublisher publisher = new ResultPublisher(kafka, "nightshift-worker-" + workerId,
                config.kafka().resultsTopic(), config.kafka().deadLettersTopic(), config.kafka().sendTimeout());
        resources.add(publisher);
        RawDecoder decoder = new RawDecoder(decodeLimits());
        resources.add(decoder);
        WorkerConfig.Crashes crashes = config.crashes();
        CrashLedger ledger = new CrashLedger(store, crashes.bucket(), crashes.prefix(), crashes.inFlightPrefix(), workerId);
        WorkerConfig.Engine e = config.engine();
        int feather = Math.min(TilingConfig.DEFAULT_FEATHER, e.overlap());
        PipelineSettings settings = new PipelineSettings(config.pipeline().ioThreads(), config.pipeline().decodeThreads(),
                config.pipeline().encodeThreads(), config.pipeline().frameBuffers(), config.limits().maxSourceBytes(),
                config.limits().maxPixels(), new TilingConfig(e.tile(), e.overlap(), feather, TilingConfig.DEFAULT_BATCH),
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
                deadLetterWriter(publisher), metrics, workerId, hook, memoryHook);
        consumer = new JobConsumer(kafka, config.kafka().group(), config.kafka().jobsTopic(), "nightshift-worker-" + workerId,
                config.kafka().maxPollRecords(), config.pipeline().maxInFlight(), pipeline, config.shutdownGrace());
        metrics.inFlight(consumer::inFlight);
        startConsumingWhenServing();
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
        return new DeadLetterWriter(publisher, new DeadLetterPayloads(store, d.payloadBucket(), d.payloadPrefix()),
                d.maxInlineBytes());
    }

    /** A worker takes no job before a model set serves: other workers that are ready get them meanwhile. */
    private synchronized void startConsumingWhenServing() {
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

    /** Whether the poll loop runs and polls (liveness); true before it started and after close. */
    public boolean consumerAlive() {
        return !consuming || closed || consumer.isAlive(Duration.ofSeconds(60));
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
        if (closed) {
            return;
        }
        closed = true;
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
