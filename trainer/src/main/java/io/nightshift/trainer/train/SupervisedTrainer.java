package io.nightshift.trainer.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.nightshift.trainer.engine.TorchEngine;
import io.nightshift.trainer.nn.ContractNetwork;

/**
 * Owns one network's DJL model and trainer: L1 loss, Adam, one {@link #step} per batch. Seeds
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
        TorchEngine.get().setRandomSeed((int) seed);
        Device device = TorchEngine.get().defaultDevice(); // a GPU when CUDA natives are loaded (the cuda profile)
        this.network = network;
        this.model = Model.newInstance(network.role().name().toLowerCase(), device, TorchEngine.NAME);
        model.setBlock(network);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l1Loss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build())
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

    /** One Adam step on the L1 loss of a batch; returns the loss before the step. */
    public float step(NDArray input, NDArray target) {
        float loss;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDArray prediction = trainer.forward(new NDList(input)).singletonOrThrow();
            NDArray l = trainer.getLoss().evaluate(new NDList(target), new NDList(prediction));
            collector.backward(l);
            loss = l.getFloat();
        }
        trainer.step();
        return loss;
    }

    /** The L1 loss of a batch in inference mode (batch norm with running statistics), no update. */
    public float loss(NDArray input, NDArray target) {
        try (NDManager scope = manager().newSubManager()) {
            NDArray prediction = trainer.evaluate(new NDList(input)).singletonOrThrow();
            prediction.attach(scope);
            return trainer.getLoss().evaluate(new NDList(target), new NDList(prediction)).getFloat();
        }
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
