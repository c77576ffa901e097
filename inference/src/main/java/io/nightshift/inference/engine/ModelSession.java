package io.nightshift.inference.engine;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.nightshift.contract.MetadataKeys;
import io.nightshift.contract.ModelRole;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One loaded, validated model: owns its ONNX Runtime session and closes it once. Running after
 * {@link #close()} throws {@link IllegalStateException}; {@code close()} is safe to call twice.
 */
public abstract sealed class ModelSession implements AutoCloseable permits EnhancerSession, RatioSession {

    private final InferenceEngine engine;
    private final OrtSession session;
    private final ModelRole role;
    private final ExecutionProvider provider;
    private final String modelVersion;
    private final AtomicBoolean closed = new AtomicBoolean();

    ModelSession(InferenceEngine engine, OrtSession session, ModelRole role, ExecutionProvider provider)
            throws OrtException {
        this.engine = engine;
        this.session = session;
        this.role = role;
        this.provider = provider;
        this.modelVersion = session.getMetadata().getCustomMetadata().get(MetadataKeys.MODEL_VERSION);
    }

    public ModelRole role() {
        return role;
    }

    /** The execution provider this session runs on. */
    public ExecutionProvider provider() {
        return provider;
    }

    /** The model's {@code nightshift.model_version}. */
    public String modelVersion() {
        return modelVersion;
    }

    public boolean isClosed() {
        return closed.get();
    }

    final InferenceEngine engine() {
        return engine;
    }

    final OrtSession session() {
        if (closed.get()) {
            throw new IllegalStateException(role.contractKey() + " model " + modelVersion + " is closed");
        }
        return session;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("closing the " + role.contractKey() + " session failed", e);
            }
        }
    }
}
