package io.nightshift.trainer.train;

/**
 * Makes training batches. {@code batch(index)} must depend only on the index (and the source's own seed), not on
 * what was made before, so a run repeats and a resumed run continues with the batches it would have seen.
 * Called from one loader thread.
 */
@FunctionalInterface
public interface BatchSource {

    Batch batch(long index);
}
