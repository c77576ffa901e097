package io.nightshift.inference.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.OptionalInt;

/**
 * The process's one ONNX Runtime environment. ONNX Runtime allows a single environment per process, and only the
 * call that creates it can give it global thread pools: the first engine asking for a {@link ThreadPool#SHARED} pool
 * creates the environment with one intra-op pool of its thread count (its spin setting, one inter-op thread), and every
 * later session of any engine that asks for sharing runs on it. Where something created the environment before
 * without pools, sessions keep pools of their own, and that is logged once.
 */
final class OrtRuntime {
    private static final Logger LOG = System.getLogger(OrtRuntime.class.getName());

    /** The environment, and the size of its shared intra-op pool (empty: none; 0: ONNX Runtime's choice). */
    record Environment(OrtEnvironment env, OptionalInt sharedThreads) {
        boolean sharesThreads() {
            return sharedThreads.isPresent();
        }
    }

    private static Environment current;

    private OrtRuntime() {
    }

    static synchronized Environment environment(EngineConfig config) {
        if (current != null) {
            if (config.threadPool() == ThreadPool.SHARED && !current.sharesThreads()) {
                LOG.log(Level.DEBUG, "ONNX Runtime's environment has no shared thread pool: sessions keep their own");
            }
            return current;
        }
        if (config.threadPool() == ThreadPool.PER_SESSION) {
            current = new Environment(OrtEnvironment.getEnvironment(), OptionalInt.empty());
            return current;
        }
        try (OrtEnvironment.ThreadingOptions threads = new OrtEnvironment.ThreadingOptions()) {
            threads.setGlobalIntraOpNumThreads(config.intraOpThreads());
            threads.setGlobalInterOpNumThreads(1);
            threads.setGlobalSpinControl(config.spinWait());
            current = new Environment(OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                    OrtEnvironment.DEFAULT_NAME, threads), OptionalInt.of(config.intraOpThreads()));
        } catch (IllegalStateException e) {
            LOG.log(Level.WARNING, "ONNX Runtime's environment was created before the engine, without a shared "
                    + "thread pool: each session keeps a pool of its own");
            current = new Environment(OrtEnvironment.getEnvironment(), OptionalInt.empty());
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime refused the shared thread pool's options: " + e.getMessage(), e);
        }
        return current;
    }
}
