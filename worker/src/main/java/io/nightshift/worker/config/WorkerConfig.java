package io.nightshift.worker.config;

import io.nightshift.access.AccessConfig;
import io.nightshift.protocol.StorageLocations;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the worker can be told (prefix {@code nightshift.worker}); every key has a documented default.
 * Kafka security settings pass through {@link Kafka#client()}; S3 credentials live in {@link StorageConfig}.
 * Neither is ever logged.
 */
@ConfigMapping(prefix = "nightshift.worker")
public interface WorkerConfig {

    /** This worker's id in results, dead letters and logs; default: the host name. */
    Optional<String> id();

    Kafka kafka();

    Pipeline pipeline();

    Limits limits();

    Memory memory();

    Retry retry();

    Crashes crashes();

    Deadlines deadlines();

    DeadLetters deadLetters();

    State state();

    Engine engine();

    Models models();

    Start start();

    Outputs outputs();

    /**
     * Who may read health and metrics over HTTP: {@code api-key}, {@code open}, {@code health-open} (javadoc on
     * {@link AccessConfig}). The plain-process entry point ({@code WorkerMain}) has no HTTP and ignores it.
     */
    AccessConfig auth();

    /**
     * How long a shutdown waits for the jobs in flight to finish; the rest are abandoned, uncommitted, and redelivered.
     * The pod's {@code terminationGracePeriodSeconds} must exceed it by about 30 s (committing, leaving the group, the
     * engine's last tile, closing): 60 s for the default.
     */
    @WithDefault("30s")
    Duration shutdownGrace();

    /** TEST ONLY hooks, all off by default. */
    TestHooks testHooks();

    interface Kafka {
        /** The consumer group of all workers on the jobs topic. */
        @WithDefault("nightshift-workers")
        String group();

        /** The jobs topic. */
        @WithDefault("nightshift.jobs")
        String jobsTopic();

        /** The results topic. */
        @WithDefault("nightshift.results")
        String resultsTopic();

        /** The dead-letter topic. */
        @WithDefault("nightshift.dead-letters")
        String deadLettersTopic();

        /**
         * Records per poll. Small: the poll loop pauses partitions when {@link Pipeline#maxInFlight()} jobs are
         * in flight, so a large poll would only hold records it cannot start.
         */
        @WithDefault("2")
        int maxPollRecords();

        /** How long a producer send (result, dead letter) may take before it counts as a transient failure. */
        @WithDefault("30s")
        Duration sendTimeout();

        /**
         * Extra Kafka client properties for every client of the worker (consumer, producers, model-set reader):
         * {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.truststore.location}…
         * e.g. {@code nightshift.worker.kafka.client."security.protocol"=SASL_SSL}. Never logged.
         */
        Map<String, String> client();
    }

    interface Pipeline {
        /**
         * Jobs taken from Kafka and not yet committed, at most: the poll loop pauses its partitions above it.
         * Enough to keep every stage busy (download, decode, engine, encode, upload) and no more.
         */
        @WithDefault("4")
        int maxInFlight();

        /** Threads downloading sources and uploading outputs (I/O bound). */
        @WithDefault("2")
        int ioThreads();

        /** Threads decoding RAW files (LibRaw); each holds one packed frame buffer while the engine needs it. */
        @WithDefault("1")
        int decodeThreads();

        /** Threads post-processing and encoding outputs and previews. */
        @WithDefault("1")
        int encodeThreads();

        /**
         * Packed frames held at once (decoded and waiting for, or inside, the engine): bounds memory (48 MB per
         * 12 MP frame) and lets the next frame decode while the engine works on the current one.
         */
        @WithDefault("2")
        int frameBuffers();
    }

    interface Limits {
        /** The largest source object accepted, in bytes (TOO_LARGE above). */
        @WithDefault("209715200")
        long maxSourceBytes();

        /** The largest frame accepted, raw pixels as the file declares them (TOO_LARGE above). */
        @WithDefault("200000000")
        long maxPixels();

        /**
         * Buckets and key prefixes the worker may read sources from, {@code bucket} or {@code bucket/prefix};
         * a job outside them is refused (KEY_NOT_ALLOWED), whatever it says.
         */
        @WithDefault("nightshift-raw")
        List<String> sourceLocations();

        /**
         * Buckets and key prefixes the worker may write outputs and previews to, as {@link #sourceLocations()}.
         * Set through {@code NIGHTSHIFT_OUTPUT_LOCATIONS} (application.properties), the one setting the dispatcher
         * reads too: it refuses requests whose outputs would fall outside them.
         */
        @WithDefault(StorageLocations.DEFAULT_OUTPUT_LOCATIONS)
        List<String> outputLocations();
    }

    interface Memory {
        /**
         * The memory this worker process may use (resident), e.g. {@code 6g}, {@code 5500m}; absent: the container's
         * limit (cgroup {@code memory.max} / {@code memory.limit_in_bytes}), else the machine's memory. Frames that
         * would not fit ({@code MemoryBudget}) are refused as TOO_LARGE from the RAW's header, before unpacking.
         */
        Optional<String> budget();

        /**
         * What the process holds outside the Java heap whatever the frame: the JVM itself, ONNX Runtime with the model
         * set and its buffers for one tile, the clients (about 400 MiB measured at the default tile of 1536).
         */
        @WithDefault("1g")
        String reserve();
    }

    interface Retry {
        /** First wait before retrying a stage after a transient failure (S3, network, broker). */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Longest wait between retries; transient failures are retried until they stop or the worker stops. */
        @WithDefault("5s")
        Duration maxBackoff();

        /** Attempts for an unexpected failure (a bug) before the job is dead-lettered as INTERNAL. */
        @WithDefault("3")
        int internalAttempts();
    }

    interface Crashes {
        /**
         * Crashes inside the native decode stage charged to one job id (over all its attempts) after which the job is
         * dead-lettered as CRASHED_WORKER instead of being decoded again.
         */
        @WithDefault("3")
        int maxCrashes();

        /**
         * Deaths of different workers (by {@code nightshift.worker.id}) a job (over all its attempts) may be in flight at, wherever
         * in the process they happened (out of memory, killed), before it is dead-lettered as CRASHED_WORKER. After
         * the first, the job runs alone, so every later death it is counted at is its own.
         */
        @WithDefault("2")
        int maxDeaths();
    }

    interface State {
        /**
         * Where the worker writes its own state, {@code bucket} or {@code bucket/prefix}: the crash ledger's
         * native-stage markers ({@code native-entries/}), its in-flight markers ({@code in-flight/}) and raw payloads
         * too large for their dead letter ({@code dead-letter-payloads/}). Apart from the models bucket, so that the
         * workers' credentials may only read where models live; they need read, write, list and delete here.
         */
        @WithDefault("nightshift-worker-state")
        String location();
    }

    interface Deadlines {
        /** What every decode and inference may take whatever the frame, before the per-size part. */
        @WithDefault("60s")
        Duration base();

        /** Added to a decode's deadline per megabyte of its source. */
        @WithDefault("2s")
        Duration decodePerMegabyte();

        /**
         * Added to an inference's deadline per megapixel of the frame (a 12 MP frame takes 3–6 s on one CPU core:
         * the default leaves a wide margin).
         */
        @WithDefault("10s")
        Duration inferPerMegapixel();
    }

    interface DeadLetters {
        /**
         * Largest dead letter, in bytes, that carries an unparsed record's bytes itself (base64); above it, or when
         * the broker refuses it as too large (a topic's {@code max.message.bytes} below this), the bytes go to
         * the worker's {@link State#location()} and the dead letter says where.
         */
        @WithDefault("262144")
        int maxInlineBytes();

    }

    interface Engine {
        /**
         * ONNX Runtime intra-op threads; 0: automatic, the available cores minus one (at least one), so that the
         * pipeline's other stages (decode, post-processing, encoding) run beside the engine instead of preempting
         * its threads (an intra-op barrier waits for its slowest thread).
         */
        @WithDefault("0")
        int threads();

        /** Accelerator: {@code cpu}, {@code cuda} (fails when no GPU) or {@code auto} (CUDA if present, else CPU, logged). */
        @WithDefault("cpu")
        String accelerator();

        /** Whether idle ONNX Runtime threads spin: off, because the pipeline's other stages share the cores. */
        @WithDefault("false")
        boolean spinWait();

        /**
         * {@code shared}: every ONNX Runtime session of the process (enhancer, ratio CNN, and a reloading set's beside
         * the serving one's) runs on one intra-op pool of {@link #threads()} threads; {@code per-session}: a pool each.
         */
        @WithDefault("shared")
        String threadPool();

        /** The CUDA device when {@link #accelerator()} uses CUDA. */
        @WithDefault("0")
        int cudaDevice();

        /**
         * Which of a set's enhancers to load: {@code auto} (the set's FP16 one when CUDA serves and the set has
         * it; on CPU its INT8 one when the set has it and it beats FP32 on the registry's timed warm-up tile; else
         * FP32), {@code fp32}, {@code fp16} or {@code int8} (wherever the set has it).
         */
        @WithDefault("auto")
        String precision();

        /** ONNX Runtime's CUDA execution provider options (unused on CPU). */
        Cuda cuda();

        interface Cuda {
            /** cuDNN's convolution algorithm search: {@code exhaustive}, {@code heuristic} or {@code default}. */
            @WithDefault("exhaustive")
            String convAlgoSearch();

            /** The most device memory ONNX Runtime's arena takes ({@code gpu_mem_limit}: {@code 6g}, {@code 5500m}); 0: no limit. */
            @WithDefault("0")
            String memoryLimit();

            /** How the arena grows: {@code next-power-of-two} or {@code same-as-requested}. */
            @WithDefault("next-power-of-two")
            String arenaStrategy();
        }

        /** Tile side in packed pixels (multiple of 16). */
        @WithDefault("1536")
        int tile();

        /** Overlap between tiles in packed pixels: 256 (margin 112 ≥ the U-Net's receptive field: exact tiling). */
        @WithDefault("256")
        int overlap();

        /**
         * Every tile exactly {@link #tile()} on both axes, whatever the frame (one input shape per session, so a
         * GPU's kernels are chosen once). Off: tiles trimmed to the frame, less work on a CPU.
         */
        @WithDefault("false")
        boolean fixedTileShape();

        /** Smallest ratio an estimate is clamped to. */
        @WithDefault("1")
        double minRatio();

        /** Largest ratio an estimate is clamped to. */
        @WithDefault("300")
        double maxRatio();
    }

    interface Models {
        /** The models bucket ({@code sets/VERSION/…} and the {@code latest} pointer). */
        @WithDefault("nightshift-models")
        String bucket();

        /** The compacted model-set topic; every worker reads all of it (no consumer group). */
        @WithDefault("nightshift.model-sets")
        String topic();

        /** The model-set channel (record key) this worker follows. */
        @WithDefault("default")
        String channel();

        /**
         * A set folder (manifest.json + models) published and announced when the channel has none yet (a fresh
         * stack); absent: a generated RANDOM-WEIGHT test set is published instead.
         */
        Optional<String> defaultSet();

        /** Whether to publish a set when none is announced (the default set, else a generated test set). */
        @WithDefault("true")
        boolean publishDefaultWhenNone();

        /** How long one start attempt waits for the model-set topic (its partitions, then its end). */
        @WithDefault("60s")
        Duration startTimeout();

        /**
         * First wait before loading an announced set again when its load failed for a reason that may pass (the
         * object store unreachable, a model file not there yet); the set that served keeps serving meanwhile.
         */
        @WithDefault("1s")
        Duration reloadInitialBackoff();

        /** Longest wait between such loads; they go on until the set loads or a newer one is announced. */
        @WithDefault("30s")
        Duration reloadMaxBackoff();
    }

    interface Start {
        /**
         * How long the worker may take from its start to taking jobs (broker and object store reached, the
         * model-set topic read, a set serving, the consumer running) before liveness reports it DOWN, so that the
         * orchestrator replaces it. It keeps retrying meanwhile, and liveness is UP again once it takes jobs.
         */
        @WithDefault("5m")
        Duration deadline();

        /** First wait before trying to start again after the broker or the object store refused. */
        @WithDefault("1s")
        Duration initialBackoff();

        /** Longest wait between start attempts; they go on until the worker starts or is stopped. */
        @WithDefault("30s")
        Duration maxBackoff();
    }

    interface Outputs {
        /** JPEG quality of JPEG outputs, 0–1. */
        @WithDefault("0.92")
        float jpegQuality();

        /** Long side of the JPEG previews, in pixels. */
        @WithDefault("1024")
        int previewLongSide();

        /**
         * Where the previews go, beside the output: {@code OUTPUT_KEY + SUFFIX} for the result and the input
         * rendering (the dispatcher's page reads them from the result event's {@code previewKeys}).
         */
        @WithDefault(".preview.jpg")
        String resultPreviewSuffix();

        @WithDefault(".input.jpg")
        String inputPreviewSuffix();
    }

    interface TestHooks {
        /**
         * TEST ONLY, off by default: a job whose source key contains {@link #crashMarker()} crashes the process
         * inside native code (LibRaw binding's {@code nightshift_test_crash}) at the start of its decode.
         */
        @WithName("native-crash")
        @WithDefault("false")
        boolean nativeCrash();

        /** The key marker that triggers the native crash when {@link #nativeCrash()} is on. */
        @WithDefault("__nightshift_test_native_crash__")
        String crashMarker();

        /**
         * TEST ONLY, off by default: a job whose source key contains {@link #outOfMemoryMarker()} exhausts the Java
         * heap at the start of its engine stage (a real OutOfMemoryError).
         */
        @WithDefault("false")
        boolean outOfMemory();

        /** The key marker that triggers the heap exhaustion when {@link #outOfMemory()} is on. */
        @WithDefault("__nightshift_test_out_of_memory__")
        String outOfMemoryMarker();

        /**
         * TEST ONLY, off by default: a job whose source key contains {@link #stallMarker()} stalls in its decode stage
         * (as a thread stuck in native code) until the pipeline stops or two minutes pass.
         */
        @WithDefault("false")
        boolean stall();

        /** The key marker that triggers the stall when {@link #stall()} is on. */
        @WithDefault("__nightshift_test_stall__")
        String stallMarker();

        /**
         * TEST ONLY, off by default: a job whose source key contains {@link #engineExhaustionMarker()} meets ONNX
         * Runtime's allocation failure in its engine stage on its first two runs in the process.
         */
        @WithDefault("false")
        boolean engineExhaustion();

        /** The key marker that triggers the engine exhaustion when {@link #engineExhaustion()} is on. */
        @WithDefault("__nightshift_test_engine_exhaustion__")
        String engineExhaustionMarker();
    }
}
