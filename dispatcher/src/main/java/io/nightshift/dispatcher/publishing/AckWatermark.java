package io.nightshift.dispatcher.publishing;

import java.util.ArrayDeque;

/**
 * Tracks which jobs of a listing the broker has acknowledged, in listing (key) order. Acknowledgements arrive
 * out of order across partitions; the watermark is the highest key such that it and every key sent before it
 * are acknowledged: the point a resumed listing may start after without missing an object. Holds only the jobs
 * in flight. Thread-safe.
 */
public final class AckWatermark {
    /** One sent job; handed back to {@link #acked}. */
    public static final class Pending {
        private final String key;
        private boolean acked;

        private Pending(String key) {
            this.key = key;
        }
    }

    /** The watermark: {@code count} jobs up to and including {@code key} are acknowledged. */
    public record Mark(long count, String key) {
    }

    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    private long contiguous;
    private String key;
    private long ackedBeyond;
    private Exception failure;

    /** Starts from a recorded watermark ({@code 0, null} for a new listing). */
    public AckWatermark(long count, String key) {
        this.contiguous = count;
        this.key = key;
    }

    /** Registers a job about to be sent; keys must come in listing order. */
    public synchronized Pending sent(String key) {
        Pending pending = new Pending(key);
        inFlight.addLast(pending);
        return pending;
    }

    public synchronized void acked(Pending pending) {
        pending.acked = true;
        ackedBeyond++;
        while (!inFlight.isEmpty() && inFlight.peekFirst().acked) {
            Pending head = inFlight.removeFirst();
            contiguous++;
            ackedBeyond--;
            key = head.key;
        }
        if (inFlight.isEmpty()) {
            notifyAll();
        }
    }

    /** A send failed for good: the watermark stays before it; the listing must resume from the watermark. */
    public synchronized void failed(Exception e) {
        if (failure == null) {
            failure = e;
        }
        notifyAll();
    }

    public synchronized Mark mark() {
        return new Mark(contiguous, key);
    }

    /** Every job acknowledged so far, below and beyond the watermark. */
    public synchronized long acknowledged() {
        return contiguous + ackedBeyond;
    }

    public synchronized Exception failure() {
        return failure;
    }

    /** Waits until every sent job is acknowledged or a send failed. */
    public synchronized void awaitSettled() throws InterruptedException {
        while (!inFlight.isEmpty() && failure == null) {
            wait(1000);
        }
    }
}
