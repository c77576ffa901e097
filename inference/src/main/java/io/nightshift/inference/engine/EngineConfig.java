package io.nightshift.inference.engine;

/**
 * How the engine runs its sessions.
 *
 * @param accelerator    CPU, CUDA if available, or CUDA required
 * @param cudaDevice     the CUDA device ordinal (ignored on CPU)
 * @param intraOpThreads threads one session uses inside an operator; 0 lets ONNX Runtime choose (one
 *                       per physical core)
 * @param spinWait       whether idle intra-op threads spin (ONNX Runtime's default: lowest latency on
 *                       dedicated cores; turn off where the cores are shared)
 * @param precision      which of a set's enhancers to load ({@link EnhancerPrecision#AUTO}: FP16 on CUDA)
 * @param cuda           the CUDA execution provider's options (ignored on CPU)
 * @param threadPool     whether sessions share the process's one intra-op pool or each has its own
 */
public record EngineConfig(Accelerator accelerator, int cudaDevice, int intraOpThreads, boolean spinWait,
                           EnhancerPrecision precision, CudaOptions cuda, ThreadPool threadPool) {

    public EngineConfig {
        if (accelerator == null) {
            throw new IllegalArgumentException("an accelerator is required");
        }
        if (cudaDevice < 0) {
            throw new IllegalArgumentException("CUDA device must be ≥ 0, got " + cudaDevice);
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intra-op threads must be ≥ 0 (0 = runtime default), got " + intraOpThreads);
        }
        if (precision == null || cuda == null || threadPool == null) {
            throw new IllegalArgumentException("an enhancer precision, CUDA options and a thread pool are required");
        }
    }

    /** A pool per session. */
    public EngineConfig(Accelerator accelerator, int cudaDevice, int intraOpThreads, boolean spinWait,
                        EnhancerPrecision precision, CudaOptions cuda) {
        this(accelerator, cudaDevice, intraOpThreads, spinWait, precision, cuda, ThreadPool.PER_SESSION);
    }

    /** Automatic precision and ONNX Runtime's CUDA defaults. */
    public EngineConfig(Accelerator accelerator, int cudaDevice, int intraOpThreads, boolean spinWait) {
        this(accelerator, cudaDevice, intraOpThreads, spinWait, EnhancerPrecision.AUTO, CudaOptions.DEFAULTS);
    }

    /** CPU with the runtime's default thread count. */
    public static EngineConfig cpu() {
        return new EngineConfig(Accelerator.CPU, 0, 0, true);
    }

    /** CPU with {@code threads} intra-op threads. */
    public static EngineConfig cpu(int threads) {
        return new EngineConfig(Accelerator.CPU, 0, threads, true);
    }

    public EngineConfig withAccelerator(Accelerator a) {
        return new EngineConfig(a, cudaDevice, intraOpThreads, spinWait, precision, cuda, threadPool);
    }

    public EngineConfig withSpinWait(boolean spin) {
        return new EngineConfig(accelerator, cudaDevice, intraOpThreads, spin, precision, cuda, threadPool);
    }

    public EngineConfig withIntraOpThreads(int threads) {
        return new EngineConfig(accelerator, cudaDevice, threads, spinWait, precision, cuda, threadPool);
    }

    public EngineConfig withPrecision(EnhancerPrecision p) {
        return new EngineConfig(accelerator, cudaDevice, intraOpThreads, spinWait, p, cuda, threadPool);
    }

    public EngineConfig withCuda(CudaOptions options) {
        return new EngineConfig(accelerator, cudaDevice, intraOpThreads, spinWait, precision, options, threadPool);
    }

    public EngineConfig withThreadPool(ThreadPool pool) {
        return new EngineConfig(accelerator, cudaDevice, intraOpThreads, spinWait, precision, cuda, pool);
    }
}
