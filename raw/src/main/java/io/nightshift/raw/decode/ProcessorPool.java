package io.nightshift.raw.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One {@link LibRawProcessor} per thread, created on first use and reused. {@link #close()} closes
 * every processor it created, once; call it when no thread uses the pool any more.
 */
public final class ProcessorPool implements AutoCloseable {

    private final List<LibRawProcessor> created = new ArrayList<>();
    private final ThreadLocal<LibRawProcessor> perThread = new ThreadLocal<>();
    private boolean closed;

    /** Runs {@code work} with this thread's processor and recycles it afterwards, whatever happens. */
    public <T> T with(Function<LibRawProcessor, T> work) {
        LibRawProcessor processor = processorOfThisThread();
        try {
            return work.apply(processor);
        } finally {
            processor.recycle();
        }
    }

    private LibRawProcessor processorOfThisThread() {
        LibRawProcessor processor = perThread.get();
        if (processor != null) {
            return processor;
        }
        synchronized (created) {
            if (closed) {
                throw new IllegalStateException("processor pool is closed");
            }
            processor = new LibRawProcessor();
            created.add(processor);
        }
        perThread.set(processor);
        return processor;
    }

    /** How many native processors exist (one per thread that decoded). */
    public int size() {
        synchronized (created) {
            return created.size();
        }
    }

    @Override
    public void close() {
        synchronized (created) {
            if (closed) {
                return;
            }
            closed = true;
            created.forEach(LibRawProcessor::close);
            created.clear();
        }
    }
}
