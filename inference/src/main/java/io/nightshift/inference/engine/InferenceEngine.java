package io.nightshift.inference.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.nightshift.contract.ModelRole;
import io.nightshift.contract.validation.ContractProbe;
import io.nightshift.contract.validation.ContractValidator;
import io.nightshift.contract.validation.ContractViolationException;
import io.nightshift.contract.validation.ModelSignature;
import io.nightshift.contract.validation.OrtSignatures;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ONNX Runtime engine: the process's one {@link OrtEnvironment} and one session per loaded model,
 * on CPU or CUDA per {@link EngineConfig}. Every model is checked before it is handed out: its
 * signature by {@link ContractValidator}, then one run by {@link ContractProbe} (which doubles as
 * warm-up); a model that does not fit is closed and refused with the validator's message
 * ({@link ContractViolationException}).
 *
 * <p>The caller owns the sessions it loads and closes them; {@link #close()} closes any still open.
 * The environment itself is process-wide and stays.
 */
public final class InferenceEngine implements AutoCloseable {

    private static final Logger LOG = System.getLogger(InferenceEngine.class.getName());

    private final OrtEnvironment env;
    private final EngineConfig config;
    private final SessionOpener opener;
    private final Set<ModelSession> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public InferenceEngine(EngineConfig config) {
        this.config = config;
        OrtRuntime.Environment runtime = OrtRuntime.environment(config);
        this.env = runtime.env();
        this.opener = new SessionOpener(runtime, config);
    }

    /**
     * Whether this engine's sessions share the process's one intra-op pool ({@link ThreadPool#SHARED}, and the
     * environment was created with it); otherwise each session has a pool of its own.
     */
    public boolean sharesThreadPool() {
        return opener.sharesThreads();
    }

    public EngineConfig config() {
        return config;
    }

    /**
     * Whether a set's FP16 enhancer is the one to load (where the set has one): asked for ({@code fp16}), or
     * {@code auto} with an accelerator that may use CUDA on an ONNX Runtime build that offers it.
     */
    public boolean prefersFp16Enhancer() {
        return switch (config.precision()) {
            case FP16 -> true;
            case FP32, INT8 -> false;
            case AUTO -> mayUseCuda();
        };
    }

    /**
     * How a set's INT8 enhancer is treated (where the set has one): {@link Int8Use#ALWAYS} when asked for
     * ({@code int8}), {@link Int8Use#IF_FASTER} with {@code auto} where no CUDA serves (the registry times it
     * against FP32 and keeps the faster), else {@link Int8Use#NEVER}.
     */
    public Int8Use int8Use() {
        return switch (config.precision()) {
            case INT8 -> Int8Use.ALWAYS;
            case FP32, FP16 -> Int8Use.NEVER;
            case AUTO -> mayUseCuda() ? Int8Use.NEVER : Int8Use.IF_FASTER;
        };
    }

    /** Whether a set's INT8 enhancer is loaded: always, if it beats FP32 on a timed tile, or never. */
    public enum Int8Use {
        ALWAYS,
        IF_FASTER,
        NEVER
    }

    private boolean mayUseCuda() {
        return config.accelerator() != Accelerator.CPU
                && OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA);
    }

    OrtEnvironment environment() {
        return env;
    }

    /** Loads, validates and probes an enhancer. */
    public EnhancerSession loadEnhancer(byte[] onnx) {
        return (EnhancerSession) load(onnx, ModelRole.ENHANCER);
    }

    public EnhancerSession loadEnhancer(Path onnx) throws IOException {
        return loadEnhancer(Files.readAllBytes(onnx));
    }

    /** Loads, validates and probes a ratio estimator. */
    public RatioSession loadRatioEstimator(byte[] onnx) {
        return (RatioSession) load(onnx, ModelRole.RATIO_ESTIMATOR);
    }

    public RatioSession loadRatioEstimator(Path onnx) throws IOException {
        return loadRatioEstimator(Files.readAllBytes(onnx));
    }

    private ModelSession load(byte[] onnx, ModelRole role) {
        if (closed) {
            throw new IllegalStateException("the inference engine is closed");
        }
        SessionOpener.Opened opened;
        try {
            opened = opener.open(onnx);
        } catch (OrtException e) {
            throw new InferenceException("ONNX Runtime cannot load the " + roleName(role) + " model", e);
        }
        OrtSession session = opened.session();
        try {
            ModelSignature signature = OrtSignatures.of(session);
            ContractValidator.validate(signature, role);
            ContractProbe.check(env, session, role, signature);
            ModelSession model = role == ModelRole.ENHANCER
                    ? new EnhancerSession(this, session, opened.provider(), ContractValidator.enhancerContract(signature))
                    : new RatioSession(this, session, opened.provider());
            open.add(model);
            LOG.log(Level.INFO, "loaded {0} model {1} on {2}", model instanceof EnhancerSession e
                    ? e.contract().key() : role.contractKey(), model.modelVersion(), opened.provider());
            return model;
        } catch (OrtException e) {
            closeQuietly(session);
            throw new InferenceException("the " + roleName(role) + " model failed its probe run", e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static String roleName(ModelRole role) {
        return role == ModelRole.ENHANCER ? "enhancer" : "ratio estimator";
    }

    /** Sessions loaded by this engine and not yet closed. */
    public int openSessions() {
        open.removeIf(ModelSession::isClosed);
        return open.size();
    }

    @Override
    public void close() {
        closed = true;
        for (ModelSession s : open) {
            s.close();
        }
        open.clear();
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.log(Level.WARNING, "closing a refused session failed", e);
        }
    }
}
