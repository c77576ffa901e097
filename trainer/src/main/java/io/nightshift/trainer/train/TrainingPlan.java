package io.nightshift.trainer.train;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How long and how one network trains.
 *
 * @param name               network name in progress lines and checkpoint files ({@code enhancer}, {@code ratio})
 * @param maxSteps           step limit
 * @param budget             wall-clock limit across resumes (the schedule ends when either limit is reached)
 * @param validateEvery      steps between validations (and checkpoints)
 * @param plateauPatience    validations without improvement before the learning rate is halved
 * @param earlyStopPatience  validations without improvement before training stops
 * @param minDelta           an improvement smaller than this does not count
 * @param progressSeconds    seconds between progress lines
 * @param checkpoints        folder of {@code NAME.latest.params}, {@code NAME.best.params}, {@code NAME.state}
 * @param loaderThreads      threads making batches ahead of training (their order is kept)
 */
public record TrainingPlan(String name, long maxSteps, Duration budget, int validateEvery, int plateauPatience,
        int earlyStopPatience, double minDelta, double progressSeconds, Path checkpoints, int loaderThreads) {

    /** Reduce-on-plateau multiplies the learning rate by this. */
    public static final double PLATEAU_FACTOR = 0.5;
    /** … but never below this fraction of the schedule. */
    public static final double MIN_PLATEAU_FACTOR = 1.0 / 16;

    public TrainingPlan {
        if (maxSteps < 1 || budget.isNegative() || budget.isZero() || validateEvery < 1 || plateauPatience < 1
                || earlyStopPatience < 1 || minDelta < 0 || progressSeconds < 0 || loaderThreads < 1) {
            throw new IllegalArgumentException("bad training plan for " + name);
        }
    }
}
