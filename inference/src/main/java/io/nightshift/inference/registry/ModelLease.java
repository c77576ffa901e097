package io.nightshift.inference.registry;

import io.nightshift.inference.engine.EnhancerSession;
import io.nightshift.inference.engine.RatioSession;
import io.nightshift.protocol.ModelSetManifest;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One job's hold on one model set: enhancer and ratio estimator from the same set, kept open until
 * {@link #close()} even if the registry swaps in another set meanwhile. {@code close()} is safe twice;
 * using the sessions after it is not (they may be closed).
 */
public final class ModelLease implements AutoCloseable {

    private final ModelSet set;
    private final AtomicBoolean closed = new AtomicBoolean();

    ModelLease(ModelSet set) {
        this.set = set;
    }

    public EnhancerSession enhancer() {
        checkOpen();
        return set.enhancer();
    }

    public RatioSession ratio() {
        checkOpen();
        return set.ratio();
    }

    /** The set's version ({@code ModelSetManifest.setVersion}): what results name as the model set. */
    public String version() {
        return set.version();
    }

    public ModelSetManifest manifest() {
        return set.manifest();
    }

    /** The leased set (for health and tests: {@link ModelSet#isClosed()}, {@link ModelSet#references()}). */
    public ModelSet modelSet() {
        return set;
    }

    public boolean isClosed() {
        return closed.get();
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the lease on model set " + set.version() + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            set.release();
        }
    }
}
