package io.nightshift.trainer.train;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How long and how one network trains.
 *
 * @param name               network name in progress lines and checkpoint files ({@code enhancer}, {@code ratio})
 * @param maxSteps           step limit; 0 keeps the start weights as they are (validated once), so that a
 *                           checkpoint (an average of several) can be exported without a training step
 * @param budget             wall-clock limit across resumes (the schedule ends when either limit is reached)
 * @param validateEvery      steps between validations (and checkpoints)
 * @param plateauPatience    validations without improvement before the learning rate is halved
 * @param earlyStopPatience  validations without improvement before training stops
 * @param minDelta           an improvement smaller than this does not count
 * @param progressSeconds    seconds between progress lines
 * @param checkpoints        folder of {@code NAME.latest.params}, {@code NAME.best.params}, {@code NAME.state}
 * @param loaderThreads      threads making batches ahead of training (their order is kept)
 * @param start              weights a new run starts from (another run's {@code NAME.best.params}) instead of random
 *                           ones, or null; a resumed run goes on from its own checkpoint whatever this says
 */
public record TrainingPlan(String name, long maxSteps, Duration budget, int validateEvery, int plateauPatience,
        int earlyStopPatience, double minDelta, double progressSeconds, Path checkpoints, int loaderThreads,
        Path start) {

    /** Reduce-on-plateau multiplies the learning rate by this. */
    public static final double PLATEAU_FACTOR = 0.5;
    /** … but never below this fraction of the schedule. */
    public static final double MIN_PLATEAU_FACTOR = 1.0 / 16;

    public TrainingPlan {
        if (maxSteps < 0 || budget.isNegative() || budget.isZero() || validateEvery < 1 || plateauPatience < 1
                || earlyStopPatience < 1 || minDelta < 0 || progressSeconds < 0 || loaderThreads < 1) {
            throw new IllegalArgumentException("bad training plan for " + name);
        }
    }

    /** A plan whose run starts from random weights. */
    public TrainingPlan(String name, long maxSteps, Duration budget, int validateEvery, int plateauPatience,
            int earlyStopPatience, double minDelta, double progressSeconds, Path checkpoints, int loaderThreads) {
        this(name, maxSteps, budget, validateEvery, plateauPatience, earlyStopPatience, minDelta, progressSeconds,
                checkpoints, loaderThreads, null);
    }

    /** The same plan, its run starting from {@code weights} (null: random weights). */
    public TrainingPlan withStart(Path weights) {
        return new TrainingPlan(name, maxSteps, budget, validateEvery, plateauPatience, earlyStopPatience, minDelta,
                progressSeconds, checkpoints, loaderThreads, weights);
    }
}
