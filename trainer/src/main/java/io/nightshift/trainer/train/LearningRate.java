package io.nightshift.trainer.train;

import ai.djl.training.tracker.Tracker;

/**
 * Adam's learning rate as the training loop sets it: linear warm-up, then a cosine from {@code base} down to
 * {@code base · floor} over the run's progress, times the factor that reduce-on-plateau has reached. Progress is
 * the larger of steps done ÷ step limit and time spent ÷ time budget, so the schedule ends when the run does,
 * whichever limit binds. DJL asks for the value at every update; the loop moves it before each step.
 */
public final class LearningRate implements Tracker {

    private final float base;
    private final float floor;
    private final int warmupSteps;
    private volatile float value;

    /**
     * @param base        peak learning rate
     * @param floor       final fraction of {@code base} at the end of the cosine
     * @param warmupSteps steps of linear warm-up from {@code base / warmupSteps} (after a resume too: Adam's
     *                    moments restart empty)
     */
    public LearningRate(float base, float floor, int warmupSteps) {
        if (!(base > 0) || !(floor >= 0 && floor <= 1) || warmupSteps < 0) {
            throw new IllegalArgumentException("need base > 0, floor in [0, 1], warm-up ≥ 0");
        }
        this.base = base;
        this.floor = floor;
        this.warmupSteps = warmupSteps;
        this.value = base;
    }

    /**
     * @param stepsThisSession steps since this process started (warm-up)
     * @param progress         run progress in [0, 1]
     * @param plateauFactor    product of reduce-on-plateau's reductions so far
     * @return the value now in force
     */
    public float update(long stepsThisSession, double progress, double plateauFactor) {
        double p = Math.min(Math.max(progress, 0), 1);
        double cosine = floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * p));
        double warm = warmupSteps == 0 ? 1 : Math.min(1, (stepsThisSession + 1) / (double) warmupSteps);
        value = (float) (base * cosine * warm * plateauFactor);
        return value;
    }

    public float value() {
        return value;
    }

    @Override
    public float getNewValue(int numUpdate) {
        return value;
    }
}
