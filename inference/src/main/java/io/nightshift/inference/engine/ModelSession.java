package io.nightshift.inference.engine;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.nightshift.contract.MetadataKeys;
import io.nightshift.contract.ModelRole;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * One loaded, validated model: owns its ONNX Runtime session and closes it once. Running after
 * {@link #close()} throws {@link IllegalStateException}; {@code close()} is safe to call twice.
 *
 * <p>Runs in progress count as users of the session (as ONNX Runtime's own {@code NativeObject} does in later
 * versions): closing never frees the native session under a running thread. {@link #close()} refuses new runs at
 * once, waits a while for the running ones, and when one is still running (a run stuck in native code) leaves the
 * native release to the end of the last run.
 */
public abstract sealed class ModelSession implements AutoCloseable permits EnhancerSession, RatioSession {

    private final InferenceEngine engine;
    private final OrtSession session;
    private final ModelRole role;
    private final ExecutionProvider provider;
    private final String modelVersion;
    /** How long {@link #close()} waits for runs in progress before leaving the release to the last of them. */
    public static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = System.getLogger(ModelSession.class.getName());

    private final Object lock = new Object();
    private boolean closed;
    private boolean released;
    private int running;

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

    /** Whether new runs are refused (its native session is released, or will be when the last run ends). */
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Whether the native session is released. */
    public boolean isReleased() {
        synchronized (lock) {
            return released;
        }
    }

    final InferenceEngine engine() {
        return engine;
    }

    /** One run's hold on the session: the session is not released before it is closed. */
    final class Run implements AutoCloseable {
        private boolean ended;

        OrtSession session() {
            return session;
        }

        @Override
        public void close() {
            if (!ended) {
                ended = true;
                ended();
            }
        }
    }

    /**
     * Starts a run: use it in try-with-resources around everything that touches the session.
     *
     * @throws IllegalStateException when the session is closed
     */
    final Run run() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(role.contractKey() + " model " + modelVersion + " is closed");
            }
            running++;
        }
        return new Run();
    }

    private void ended() {
        synchronized (lock) {
            running--;
            if (running == 0) {
                lock.notifyAll();
                if (closed && !released) {
                    release();
                }
            }
        }
    }

    /** {@link #close(Duration)} waiting at most {@link #CLOSE_WAIT}. */
    @Override
    public void close() {
        close(CLOSE_WAIT);
    }

    /**
     * Refuses new runs, waits at most {@code wait} for the runs in progress, and releases the native session once
     * none runs: now, or at the end of the last run when one is still running then (logged).
     *
     * @return whether the native session is released when this returns
     */
    public boolean close(Duration wait) {
        synchronized (lock) {
            closed = true;
            long deadline = System.nanoTime() + wait.toNanos();
            try {
                while (running > 0 && deadline - System.nanoTime() > 0) {
                    long ms = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                    lock.wait(ms);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (running > 0) {
                LOG.log(Level.WARNING, "{0} model {1}: {2} run(s) still in progress after {3} ms; its session is "
                        + "released when the last one ends", role.contractKey(), modelVersion, running, wait.toMillis());
                return false;
            }
            if (!released) {
                release();
            }
            return true;
        }
    }

    /** Under {@link #lock}, with no run in progress. */
    private void release() {
        released = true;
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the " + role.contractKey() + " session failed", e);
        }
    }
}
