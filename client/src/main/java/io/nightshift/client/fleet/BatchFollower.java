package io.nightshift.client.fleet;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Follows a batch until it ends, drawing its progress: polls the dispatcher, hands each new state to the caller
 * (to download what is done, say), checks the services it depends on, and gives up with a {@link FleetException}
 * when nothing has moved (published, done, failed, state) for {@code stallLimit}, instead of waiting forever on a
 * fleet that is gone.
 */
public final class BatchFollower {
    private final DispatcherClient dispatcher;
    private final ProgressBar bar;
    private final Duration poll;
    private final Duration stallLimit;
    private final Runnable health;

    /**
     * @param health runs every poll and throws a {@link FleetException} when a service the batch needs is gone
     *               (a no-op for a fleet this command does not own)
     */
    public BatchFollower(DispatcherClient dispatcher, ProgressBar bar, Duration poll, Duration stallLimit,
                         Runnable health) {
        this.dispatcher = dispatcher;
        this.bar = bar;
        this.poll = poll;
        this.stallLimit = stallLimit;
        this.health = health;
    }

    /** The batch once it ended; {@code onChange} sees every state that differs from the one before. */
    public Followed follow(BatchStatus start, Consumer<BatchStatus> onChange) throws InterruptedException {
        long started = System.nanoTime();
        long lastMove = started;
        BatchStatus batch = start;
        BatchStatus seen = null;
        while (true) {
            if (!batch.equals(seen)) {
                seen = batch;
                lastMove = System.nanoTime();
                onChange.accept(batch);
            }
            bar.show(batch, (System.nanoTime() - started) / 1e9);
            if (batch.ended()) {
                bar.finish();
                return new Followed(batch, Math.round((System.nanoTime() - started) / 1e8) / 10.0);
            }
            if (System.nanoTime() - lastMove > stallLimit.toNanos()) {
                bar.finish();
                throw new FleetException("batch " + batch.batchId() + " has not moved for " + stallLimit.toMinutes()
                        + " min (" + batch.done() + " done, " + batch.failed() + " failed of "
                        + (batch.total() != null ? batch.total() : batch.published() + " published")
                        + "): is a worker running and reading the jobs topic?");
            }
            health.run();
            Thread.sleep(poll.toMillis());
            batch = dispatcher.batch(batch.batchId());
        }
    }

    /** A batch that ended, and the seconds from the start of following to the poll that saw its end. */
    public record Followed(BatchStatus batch, double seconds) {
    }
}
