package io.nightshift.inference.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Opens ONNX Runtime sessions per {@link EngineConfig}: the CUDA execution provider when asked for
 * and offered, otherwise CPU. The CUDA path needs the {@code onnxruntime_gpu} build (root pom profile
 * {@code gpu}) and a CUDA 12 machine; it is not exercised on the CPU-only development and CI machines.
 */
final class SessionOpener {

    private static final Logger LOG = System.getLogger(SessionOpener.class.getName());

    private final OrtRuntime.Environment runtime;
    private final OrtEnvironment env;
    private final EngineConfig config;

    SessionOpener(OrtRuntime.Environment runtime, EngineConfig config) {
        this.runtime = runtime;
        this.env = runtime.env();
        this.config = config;
    }

    /** Whether this opener's sessions run on the environment's shared intra-op pool. */
    boolean sharesThreads() {
        return config.threadPool() == ThreadPool.SHARED && runtime.sharesThreads();
    }

    record Opened(OrtSession session, ExecutionProvider provider) {
    }

    Opened open(byte[] onnx) throws OrtException {
        if (config.accelerator() != Accelerator.CPU) {
            try {
                return new Opened(open(onnx, true), ExecutionProvider.CUDA);
            } catch (OrtException | RuntimeException e) {
                if (config.accelerator() == Accelerator.CUDA_REQUIRED) {
                    throw new GpuUnavailableException("configuration requires CUDA (device " + config.cudaDevice()
                            + ") but ONNX Runtime cannot use it (providers offered: " + OrtEnvironment.getAvailableProviders()
                            + "): " + e.getMessage(), e);
                }
                LOG.log(Level.WARNING, "CUDA execution provider unavailable ({0}); falling back to CPU", e.getMessage());
            }
        }
        return new Opened(open(onnx, false), ExecutionProvider.CPU);
    }

    private OrtSession open(byte[] onnx, boolean cuda) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (sharesThreads()) {
                options.disablePerSessionThreads();
            } else {
                if (config.intraOpThreads() > 0) {
                    options.setIntraOpNumThreads(config.intraOpThreads());
                }
                if (!config.spinWait()) {
                    options.addConfigEntry("session.intra_op.allow_spinning", "0");
                }
            }
            if (cuda) {
                if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                    throw new OrtException("this ONNX Runtime build has no CUDA execution provider");
                }
                try (OrtCUDAProviderOptions cudaOptions = new OrtCUDAProviderOptions(config.cudaDevice())) {
                    for (var option : config.cuda().providerOptions(config.cudaDevice()).entrySet()) {
                        cudaOptions.add(option.getKey(), option.getValue());
                    }
                    options.addCUDA(cudaOptions);
                }
            }
            return env.createSession(onnx, options);
        }
    }
}
