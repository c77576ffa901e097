package io.nightshift.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Trains one network: batches from a {@link BatchSource} made ahead on a loader thread, Adam on the L1 loss with
 * the {@link LearningRate} schedule, validation every {@code validateEvery} steps with reduce-on-plateau and early
 * stopping, checkpoints at every validation, a progress line for the operator.
 *
 * <p>Checkpoints ({@link TrainingPlan#checkpoints()}): {@code NAME.latest.params} and {@code NAME.state} (step,
 * time spent, best score and step, plateau state) after every validation, {@code NAME.best.params} whenever the
 * validation score improves. A run started again on the same folder resumes from the latest checkpoint: weights,
 * batch norm statistics, step (so the same batches follow), schedule, plateau and early-stopping state and the
 * time already spent. Adam's moment estimates are not saved (DJL keeps them private): after a resume they
 * restart empty under a short learning-rate warm-up. At the end the best weights are loaded back into the network.
 * A run that ended at its step or time limit, started again with a higher one, goes on from its last checkpoint
 * (the schedule follows the new limits); an early-stopped or diverged run stays finished. A new run starts from
 * {@link TrainingPlan#start()}'s weights when the plan names some (a new phase of another run), else from the
 * network's random ones.
 *
 * <p>Divergence: when {@link #RECOVER_AFTER_SKIPPED} updates in a row are skipped (a gradient or the loss not
 * finite: the weights reached a state the backward pass cannot handle, seen on long single-threaded U-Net runs), the
 * loop goes back to the best weights and halves the learning rate, and says so; after {@link #MAX_RECOVERIES} such
 * returns it stops ({@link Stop#DIVERGED}) with the best weights, instead of spending the rest of its budget on
 * updates that are all thrown away.
 */
public final class TrainingLoop {

    /** Why a run ended. */
    public enum Stop { STEPS, BUDGET, EARLY_STOP, DIVERGED, ALREADY_DONE }

    /** Skipped updates in a row after which the loop returns to its best weights at half the learning rate. */
    public static final int RECOVER_AFTER_SKIPPED = 20;
    /** Returns to the best weights after which the run stops as diverged. */
    public static final int MAX_RECOVERIES = 4;

    /** The outcome: steps done, seconds spent (across resumes), the best validation score and its step. */
    public record Result(String name, long steps, double seconds, double bestScore, long bestStep, Stop stop) {
    }

    private final TrainingPlan plan;
    private final LearningRate learningRate;
    private final PrintStream log;

    public TrainingLoop(TrainingPlan plan, LearningRate learningRate, PrintStream log) {
        this.plan = plan;
        this.learningRate = learningRate;
        this.log = log;
    }

    public Result run(SupervisedTrainer trainer, BatchSource source, Validation validation) throws IOException {
        Files.createDirectories(plan.checkpoints());
        Path latest = plan.checkpoints().resolve(plan.name() + ".latest.params");
        Path best = plan.checkpoints().resolve(plan.name() + ".best.params");
        Path stateFile = plan.checkpoints().resolve(plan.name() + ".state");
        State state = State.read(stateFile);
        if (state != null) {
            trainer.loadParameters(latest);
            log.printf(Locale.ROOT, "[%s] resuming at step %d (%.0f s spent, best %s at step %d)%n", plan.name(),
                    state.step, state.seconds, validation.describe(state.bestScore), state.bestStep);
            if (state.done && state.stop != null && (state.stop.equals(Stop.STEPS.name())
                    || state.stop.equals(Stop.BUDGET.name()))
                    && state.step < plan.maxSteps() && state.seconds < plan.budget().toSeconds()) {
                // a run that ended at its limits, started again with higher ones: it goes on (early-stopped and
                // diverged runs stay finished)
                state.done = false;
                log.printf(Locale.ROOT, "[%s] the run had ended at its %s limit; continuing to %d steps or %s%n",
                        plan.name(), state.stop.toLowerCase(Locale.ROOT), plan.maxSteps(),
                        format(plan.budget().toSeconds()));
            }
            if (state.done) {
                trainer.loadParameters(best);
                return new Result(plan.name(), state.step, state.seconds, state.bestScore, state.bestStep,
                        Stop.ALREADY_DONE);
            }
        } else {
            state = new State();
            if (plan.start() != null) {
                trainer.loadParameters(plan.start());
                log.printf(Locale.ROOT, "[%s] initial weights from %s%n", plan.name(), plan.start());
            }
            state.bestScore = validation.score(trainer);
            trainer.saveParameters(best);
            log.printf(Locale.ROOT, "[%s] start: %s before training; %d steps or %s at most%n", plan.name(),
                    validation.describe(state.bestScore), plan.maxSteps(), format(plan.budget().toSeconds()));
        }

        Loader loader = new Loader(source, state.step, plan.loaderThreads());
        loader.start();
        long startNanos = System.nanoTime();
        double secondsBefore = state.seconds;
        long stepsThisSession = 0;
        double lossAverage = Double.NaN;
        double lastProgressLine = 0;
        double lastScore = state.bestScore;
        int skippedInARow = 0;
        Stop stop = null;
        try {
            while (stop == null) {
                double seconds = secondsBefore + (System.nanoTime() - startNanos) / 1e9;
                if (state.step >= plan.maxSteps()) {
                    stop = Stop.STEPS;
                    break;
                }
                if (seconds >= plan.budget().toSeconds()) {
                    stop = Stop.BUDGET;
                    break;
                }
                double progress = progress(state.step, seconds);
                learningRate.update(stepsThisSession, progress, state.plateauFactor);
                Batch b = loader.take();
                float loss;
                try (NDManager scope = trainer.manager().newSubManager()) {
                    NDArray x = scope.create(b.input(), b.inputShape());
                    NDList labels = new NDList(scope.create(b.target(), b.targetShape()));
                    if (trainer.lossNeedsColour()) {
                        if (b.colour().length == 0) {
                            throw new IllegalStateException("[" + plan.name() + "] the loss judges after each "
                                    + "example's colour matrix, but the batches carry none");
                        }
                        labels.add(scope.create(b.colour(), b.colourShape()));
                    }
                    long skippedBefore = trainer.skippedSteps();
                    loss = trainer.step(x, labels);
                    skippedInARow = trainer.skippedSteps() > skippedBefore || !Float.isFinite(loss)
                            ? skippedInARow + 1 : 0;
                }
                state.step++;
                stepsThisSession++;
                if (Float.isFinite(loss)) {
                    lossAverage = Double.isNaN(lossAverage) ? loss : 0.98 * lossAverage + 0.02 * loss;
                }
                if (skippedInARow >= RECOVER_AFTER_SKIPPED) {
                    skippedInARow = 0;
                    if (state.recoveries >= MAX_RECOVERIES) {
                        log.printf(Locale.ROOT, "[%s] diverged: %d updates in a row skipped at step %d after %d returns "
                                + "to the best weights; stopping with those of step %d%n", plan.name(),
                                RECOVER_AFTER_SKIPPED, state.step, state.recoveries, state.bestStep);
                        stop = Stop.DIVERGED;
                        break;
                    }
                    state.recoveries++;
                    state.plateauFactor *= TrainingPlan.PLATEAU_FACTOR;
                    state.sincePlateau = 0;
                    trainer.loadParameters(best);
                    log.printf(Locale.ROOT, "[%s] %d updates in a row skipped (gradient or loss not finite) at step %d: "
                            + "back to the best weights (step %d), learning rate ×%.3g (return %d of %d)%n", plan.name(),
                            RECOVER_AFTER_SKIPPED, state.step, state.bestStep, state.plateauFactor, state.recoveries,
                            MAX_RECOVERIES);
                }
                seconds = secondsBefore + (System.nanoTime() - startNanos) / 1e9;
                boolean validate = state.step % plan.validateEvery() == 0;
                if (validate) {
                    lastScore = validation.score(trainer);
                    if (lastScore > state.bestScore + plan.minDelta()) {
                        state.bestScore = lastScore;
                        state.bestStep = state.step;
                        state.sinceBest = 0;
                        state.sincePlateau = 0;
                        trainer.saveParameters(best);
                    } else {
                        state.sinceBest++;
                        state.sincePlateau++;
                        if (state.sincePlateau >= plan.plateauPatience()
                                && state.plateauFactor > TrainingPlan.MIN_PLATEAU_FACTOR) {
                            state.plateauFactor *= TrainingPlan.PLATEAU_FACTOR;
                            state.sincePlateau = 0;
                            log.printf(Locale.ROOT, "[%s] plateau: learning rate ×%.3g%n", plan.name(),
                                    state.plateauFactor);
                        }
                        if (state.sinceBest >= plan.earlyStopPatience()) {
                            stop = Stop.EARLY_STOP;
                        }
                    }
                    state.seconds = seconds;
                    trainer.saveParameters(latest);
                    state.write(stateFile);
                }
                if (validate || seconds - lastProgressLine >= plan.progressSeconds()) {
                    lastProgressLine = seconds;
                    log.println(progressLine(state, seconds, stepsThisSession, startNanos, lossAverage, lastScore,
                            validation, trainer.skippedSteps()));
                }
            }
        } finally {
            loader.interrupt();
        }
        state.seconds = secondsBefore + (System.nanoTime() - startNanos) / 1e9;
        if (state.step % plan.validateEvery() != 0) {
            lastScore = validation.score(trainer);
            if (lastScore > state.bestScore + plan.minDelta()) {
                state.bestScore = lastScore;
                state.bestStep = state.step;
                trainer.saveParameters(best);
            }
            trainer.saveParameters(latest);
        }
        state.done = true;
        state.stop = stop.name();
        state.write(stateFile);
        trainer.loadParameters(best);
        log.printf(Locale.ROOT, "[%s] done (%s) after %d steps, %s: best %s at step %d%n", plan.name(),
                stop.name().toLowerCase(Locale.ROOT), state.step, format(state.seconds),
                validation.describe(state.bestScore), state.bestStep);
        return new Result(plan.name(), state.step, state.seconds, state.bestScore, state.bestStep, stop);
    }

    private double progress(long step, double seconds) {
        return Math.max(step / (double) plan.maxSteps(), seconds / plan.budget().toSeconds());
    }

    private String progressLine(State state, double seconds, long stepsThisSession, long startNanos, double loss,
            double score, Validation validation, long skipped) {
        double progress = Math.min(1, progress(state.step, seconds));
        double rate = stepsThisSession / Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        double etaSteps = (plan.maxSteps() - state.step) / Math.max(rate, 1e-9);
        double eta = Math.min(etaSteps, plan.budget().toSeconds() - seconds);
        int filled = (int) Math.round(progress * 20);
        return String.format(Locale.ROOT,
                "[%s] %s %3.0f%% step %d/%d  loss %.4f  %s (best %s @%d)  lr %.2e  %.2f step/s  elapsed %s  eta %s%s",
                plan.name(), "#".repeat(filled) + ".".repeat(20 - filled), 100 * progress, state.step, plan.maxSteps(),
                loss, validation.describe(score), validation.describe(state.bestScore), state.bestStep,
                learningRate.value(), rate, format(seconds), format(Math.max(0, eta)),
                skipped == 0 ? "" : "  skipped " + skipped);
    }

    static String format(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /**
     * Makes batches ahead of the training thread on {@code threads} threads (thread k makes the indices ≡ k modulo
     * the thread count into its own queue) and hands them out in index order.
     */
    private static final class Loader {
        private final List<Thread> threads = new ArrayList<>();
        private final List<BlockingQueue<Object>> queues = new ArrayList<>();
        private long next;

        Loader(BatchSource source, long first, int count) {
            this.next = first;
            for (int k = 0; k < count; k++) {
                BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
                queues.add(queue);
                long start = first + k;
                Thread t = new Thread(() -> {
                    try {
                        for (long i = start; !Thread.currentThread().isInterrupted(); i += count) {
                            Object item;
                            try {
                                item = source.batch(i);
                            } catch (RuntimeException e) {
                                item = e;
                            }
                            queue.put(item);
                            if (item instanceof RuntimeException) {
                                return;
                            }
                        }
                    } catch (InterruptedException e) {
                        // stopped
                    }
                }, "batch-loader-" + k);
                t.setDaemon(true);
                threads.add(t);
            }
        }

        void start() {
            threads.forEach(Thread::start);
        }

        void interrupt() {
            threads.forEach(Thread::interrupt);
        }

        Batch take() {
            try {
                Object item = queues.get((int) (next++ % queues.size())).take();
                if (item instanceof RuntimeException e) {
                    throw new IllegalStateException("making a training batch failed: " + e.getMessage(), e);
                }
                return (Batch) item;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a batch", e);
            }
        }
    }

    /** What a checkpoint remembers besides the weights. */
    static final class State {
        long step;
        double seconds;
        double bestScore = Double.NEGATIVE_INFINITY;
        long bestStep;
        int sinceBest;
        int sincePlateau;
        double plateauFactor = 1;
        int recoveries;
        boolean done;
        /** Why the run ended ({@link Stop}'s name), null while it runs and in states written before 2026-12-06. */
        String stop;

        static State read(Path file) throws IOException {
            if (!Files.exists(file)) {
                return null;
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            State s = new State();
            s.step = Long.parseLong(p.getProperty("step"));
            s.seconds = Double.parseDouble(p.getProperty("seconds"));
            s.bestScore = Double.parseDouble(p.getProperty("best_score"));
            s.bestStep = Long.parseLong(p.getProperty("best_step"));
            s.sinceBest = Integer.parseInt(p.getProperty("since_best"));
            s.sincePlateau = Integer.parseInt(p.getProperty("since_plateau"));
            s.plateauFactor = Double.parseDouble(p.getProperty("plateau_factor"));
            s.recoveries = Integer.parseInt(p.getProperty("recoveries", "0")); // states written before 2026-12-06
            s.done = Boolean.parseBoolean(p.getProperty("done"));
            s.stop = p.getProperty("stop");
            return s;
        }

        void write(Path file) {
            Properties p = new Properties();
            p.setProperty("step", Long.toString(step));
            p.setProperty("seconds", Double.toString(seconds));
            p.setProperty("best_score", Double.toString(bestScore));
            p.setProperty("best_step", Long.toString(bestStep));
            p.setProperty("since_best", Integer.toString(sinceBest));
            p.setProperty("since_plateau", Integer.toString(sincePlateau));
            p.setProperty("plateau_factor", Double.toString(plateauFactor));
            p.setProperty("recoveries", Integer.toString(recoveries));
            p.setProperty("done", Boolean.toString(done));
            if (stop != null) {
                p.setProperty("stop", stop);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "training state");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
