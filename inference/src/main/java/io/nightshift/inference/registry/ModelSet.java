package io.nightshift.inference.registry;

import io.nightshift.contract.onnx.Precision;
import io.nightshift.inference.engine.EnhancerSession;
import io.nightshift.inference.engine.RatioSession;
import io.nightshift.protocol.ModelSetManifest;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded model set: the enhancer and ratio-estimator sessions of one manifest, reference-counted.
 * The registry holds one reference while the set serves, each {@link ModelLease} one more; the sessions
 * close when the count reaches zero (the set was swapped out or the registry closed, and its last lease
 * is done). Obtained through {@link ModelRegistry#acquire()}; never closed by callers directly.
 */
public final class ModelSet {

    private final ModelSetManifest manifest;
    private final EnhancerSession enhancer;
    private final RatioSession ratio;
    private final Precision enhancerPrecision;
    private final AtomicInteger references = new AtomicInteger(1);

    ModelSet(ModelSetManifest manifest, EnhancerSession enhancer, RatioSession ratio, Precision enhancerPrecision) {
        this.manifest = manifest;
        this.enhancer = enhancer;
        this.ratio = ratio;
        this.enhancerPrecision = enhancerPrecision;
    }

    /** Whether the enhancer serving is the set's FP16 one ({@code ModelSetManifest.enhancerFp16}). */
    public boolean fp16Enhancer() {
        return enhancerPrecision == Precision.FP16;
    }

    /**
     * Which of the set's enhancers serves: FP32 ({@code enhancer}), FP16 ({@code enhancerFp16}) or INT8
     * ({@code enhancerInt8}).
     */
    public Precision enhancerPrecision() {
        return enhancerPrecision;
    }

    public String version() {
        return manifest.setVersion();
    }

    public ModelSetManifest manifest() {
        return manifest;
    }

    public EnhancerSession enhancer() {
        return enhancer;
    }

    public RatioSession ratio() {
        return ratio;
    }

    /** True once both sessions are closed (the set was retired and drained, or the registry closed it). */
    public boolean isClosed() {
        return enhancer.isClosed() && ratio.isClosed();
    }

    /** References held now: the registry's (while serving) plus open leases; 0 once closed. */
    public int references() {
        return Math.max(0, references.get());
    }

    /** Adds a reference unless the set already drained; false means: read the registry's current set again. */
    boolean retain() {
        while (true) {
            int n = references.get();
            if (n <= 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one closes both sessions. */
    void release() {
        int n = references.decrementAndGet();
        if (n == 0) {
            closeSessions();
        } else if (n < 0) {
            throw new IllegalStateException("model set " + version() + " released more often than retained");
        }
    }

    /** Closes a set that never served (a load that failed after both sessions opened). */
    void closeSessions() {
        try {
            enhancer.close();
        } finally {
            ratio.close();
        }
    }

    @Override
    public String toString() {
        return "ModelSet[" + version() + ", references " + references() + (isClosed() ? ", closed" : "") + "]";
    }
}
