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
 */
public record EngineConfig(Accelerator accelerator, int cudaDevice, int intraOpThreads, boolean spinWait) {

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
        return new EngineConfig(a, cudaDevice, intraOpThreads, spinWait);
    }

    public EngineConfig withSpinWait(boolean spin) {
        return new EngineConfig(accelerator, cudaDevice, intraOpThreads, spin);
    }

    public EngineConfig withIntraOpThreads(int threads) {
        return new EngineConfig(accelerator, cudaDevice, threads, spinWait);
    }
}
