package io.nightshift.worker.pipeline;

import io.nightshift.raw.pack.PackBuffers;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A fixed number of packing buffers (one 12 MP frame is a 48 MB float array), shared by the decode threads
 * and returned by the engine once a frame's input has been consumed. Bounds the frames in memory and keeps
 * them out of the garbage collector's humongous allocations; the decode stage waits here when the engine is
 * behind, which is exactly the back-pressure the pipeline wants.
 */
public final class FrameBuffers {

    private final BlockingQueue<PackBuffers> free;
    private final int size;

    public FrameBuffers(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("at least one frame buffer, got " + size);
        }
        this.size = size;
        this.free = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            free.add(new PackBuffers());
        }
    }

    /**
     * A free buffer, waiting while none is free.
     *
     * @return null when {@code giveUp} turned true while waiting
     */
    public PackBuffers take(BooleanSupplier giveUp) throws InterruptedException {
        while (true) {
            PackBuffers buffers = free.poll(100, TimeUnit.MILLISECONDS);
            if (buffers != null) {
                return buffers;
            }
            if (giveUp.getAsBoolean()) {
                return null;
            }
        }
    }

    public void release(PackBuffers buffers) {
        if (buffers != null && !free.offer(buffers)) {
            throw new IllegalStateException("a frame buffer was released twice");
        }
    }

    /** Buffers holding a frame now. */
    public int inUse() {
        return size - free.size();
    }
}
