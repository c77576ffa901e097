package io.nightshift.trainer.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.nightshift.trainer.engine.TorchEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.nightshift.trainer.nn.ContractNetwork;

/**
 * Owns one network's DJL model and trainer: an L1 loss (plain, {@link EncodedL1Loss} or {@link DisplayL1Loss}), Adam, one {@link #step} per batch; parameters saved and
 * loaded by name for checkpoints. Seeds
 * PyTorch's generator before initializing, so a run's initial weights repeat. Close it to free the
 * native memory of the parameters and optimizer state.
 */
public final class SupervisedTrainer implements AutoCloseable {

    private final Model model;
    private final Trainer trainer;
    private final ContractNetwork network;

    /**
     * @param inputShape   a batch's input shape (parameters are shaped from it)
     * @param learningRate Adam's (fixed) learning rate
     * @param seed         PyTorch's random seed for the initial weights
     */
    public SupervisedTrainer(ContractNetwork network, Shape inputShape, float learningRate, long seed) {
        this(network, inputShape, Tracker.fixed(learningRate), seed);
    }

    /**
     * @param learningRate Adam's learning rate, asked for at every update (e.g. a {@link LearningRate} that the
     *                     training loop moves)
     */
    public SupervisedTrainer(ContractNetwork network, Shape inputShape, Tracker learningRate, long seed) {
        this(network, inputShape, learningRate, seed, Loss.l1Loss());
    }

    /** @param loss what a step minimises (e.g. {@link EncodedL1Loss} for the enhancer) */
    public SupervisedTrainer(ContractNetwork network, Shape inputShape, Tracker learningRate, long seed, Loss loss) {
        TorchEngine.get().setRandomSeed((int) seed);
        Device device = TorchEngine.get().defaultDevice(); // a GPU when CUDA natives are loaded (the cuda profile)
        this.network = network;
        this.model = Model.newInstance(network.role().name().toLowerCase(), device, TorchEngine.NAME);
        model.setBlock(network);
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                .optOptimizer(Optimizer.adam().optLearningRateTracker(learningRate).build())
                .optDevices(new Device[] {device});
        this.trainer = model.newTrainer(config);
        trainer.initialize(inputShape);
    }

    public ContractNetwork network() {
        return network;
    }

    /** The manager new batches should be created in (closed with this trainer). */
    public NDManager manager() {
        return trainer.getManager();
    }

    /**
     * One Adam step on the loss of a batch; returns the loss before the step. When a gradient is not finite
     * (see {@code Conv3x3} on PyTorch's convolution backward) the update is skipped, so neither the weights nor
     * Adam's moments take it in, and {@link #skippedSteps()} counts it.
     */
    public float step(NDArray input, NDArray target) {
        return step(input, new NDList(target));
    }

    /** {@link #step(NDArray, NDArray)} with labels beyond the target (e.g. {@link DisplayL1Loss}'s matrices). */
    public float step(NDArray input, NDList labels) {
        float loss;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDArray prediction = trainer.forward(new NDList(input)).singletonOrThrow();
            NDArray l = trainer.getLoss().evaluate(labels, new NDList(prediction));
            collector.backward(l);
            loss = l.getFloat();
        }
        if (gradientsFinite()) {
            trainer.step();
        } else {
            skipped++;
            clearGradients();
        }
        return loss;
    }

    /**
     * Sets every gradient to zero by assignment. DJL clears gradients between steps by subtracting each from itself,
     * which leaves a NaN a NaN: without this, one non-finite gradient made every later update non-finite too (seen
     * as a long run skipping all its updates from some step on, 2026-12-05).
     *
     * <p>The zeros are copied in ({@code index_put_}). Not {@code set(float[])}: on the CPU that points the tensor's
     * storage at a direct buffer which only the (short-lived) Java handle keeps alive, so the gradient lived in freed
     * memory after the next collection (heap corruption, 2026-12-06).
     */
    private void clearGradients() {
        everyGradient((scope, gradient) -> {
            NDArray zeros = gradient.zerosLike();
            zeros.attach(scope);
            gradient.set(new NDIndex("..."), zeros);
            return true;
        });
    }

    private long skipped;

    /** Whether the loss judges after each example's colour matrix, so steps need {@link Batch#colour}. */
    public boolean lossNeedsColour() {
        return trainer.getLoss() instanceof DisplayL1Loss;
    }

    /** Updates skipped because a gradient was NaN or infinite. */
    public long skippedSteps() {
        return skipped;
    }

    private boolean gradientsFinite() {
        return everyGradient((scope, gradient) -> {
            NDArray sum = gradient.sum();
            sum.attach(scope);
            return Float.isFinite(sum.getFloat());
        });
    }

    /**
     * Hands each parameter's gradient to {@code visit} until it answers false; whether it answered true for all.
     * getGradient() hands out a new handle on the gradient each time: closed with the scope, or every step's gradients
     * would stay alive (measured: 24 GB after 5,700 steps of the default U-Net).
     */
    private boolean everyGradient(java.util.function.BiPredicate<NDManager, NDArray> visit) {
        try (NDManager scope = manager().newSubManager()) {
            for (Pair<String, Parameter> p : network.getParameters()) {
                NDArray array = p.getValue().getArray();
                if (array.hasGradient()) {
                    NDArray gradient = array.getGradient();
                    gradient.attach(scope);
                    if (!visit.test(scope, gradient)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The loss of a batch in inference mode (batch norm with running statistics), no update. */
    public float loss(NDArray input, NDArray target) {
        try (NDManager scope = manager().newSubManager()) {
            NDArray prediction = trainer.evaluate(new NDList(input)).singletonOrThrow();
            prediction.attach(scope);
            return trainer.getLoss().evaluate(new NDList(target), new NDList(prediction)).getFloat();
        }
    }

    /** The network's output for a batch in inference mode (batch norm with running statistics). */
    public float[] predict(float[] input, Shape shape) {
        try (NDManager scope = manager().newSubManager()) {
            NDArray x = scope.create(input, shape);
            NDArray prediction = trainer.evaluate(new NDList(x)).singletonOrThrow();
            prediction.attach(scope);
            return prediction.toFloatArray();
        }
    }

    /** Writes every parameter (batch norm's running statistics included) as a {@link Checkpoint}. */
    public void saveParameters(Path file) throws IOException {
        PairList<String, Parameter> params = network.getParameters();
        List<String> names = new ArrayList<>(params.size());
        List<float[]> values = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            names.add(params.keyAt(i));
            values.add(params.valueAt(i).getArray().toFloatArray());
        }
        new Checkpoint(names, values).write(file);
    }

    /**
     * Copies a {@link Checkpoint} written by {@link #saveParameters} into this network's arrays, in place.
     *
     * @throws IOException when the file does not match the network (names or sizes)
     */
    public void loadParameters(Path file) throws IOException {
        PairList<String, Parameter> params = network.getParameters();
        Checkpoint checkpoint = Checkpoint.read(file);
        long[] sizes = new long[params.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = params.valueAt(i).getArray().size();
        }
        checkpoint.requireLayout(file, params.keys(), sizes, "the network");
        for (int i = 0; i < sizes.length; i++) {
            params.valueAt(i).getArray().set(checkpoint.values().get(i));
        }
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
