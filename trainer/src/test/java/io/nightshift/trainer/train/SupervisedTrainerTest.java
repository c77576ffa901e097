package io.nightshift.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.nightshift.contract.onnx.ExportOptions;
import io.nightshift.contract.onnx.RatioNetworkConfig;
import io.nightshift.contract.onnx.UNetConfig;
import io.nightshift.trainer.export.ExportedModel;
import io.nightshift.trainer.export.OnnxExporter;
import io.nightshift.trainer.export.Parity;
import io.nightshift.trainer.nn.RatioCnn;
import io.nightshift.trainer.nn.UNet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/** A few Adam + L1 steps on a tiny random set reduce the loss; the training loop around them checkpoints and resumes. */
class SupervisedTrainerTest {

    @Test
    void batchNormUNetLearnsATinySet() {
        learnsATinySet(UNetConfig.batchNormVariant(4));
    }

    @Test
    void batchNormUNetWithInputResidualLearnsATinySet() {
        learnsATinySet(UNetConfig.batchNormVariant(4).withInputResidual(true));
    }

    @Test
    void batchNormUNetWithABilinearBaseLearnsATinySet() {
        learnsATinySet(UNetConfig.batchNormVariant(4).withBilinearBase());
    }

    @Test
    void batchNormUNetWithNoisePlanesLearnsATinySet() {
        learnsATinySet(UNetConfig.batchNormVariant(4).withInputResidual(true).withNoiseInput());
    }

    private static void learnsATinySet(UNetConfig config) {
        UNet net = new UNet(config);
        Shape in = new Shape(4, config.inputChannels(), 32, 32);
        try (SupervisedTrainer trainer = new SupervisedTrainer(net, in, 3e-3f, 11)) {
            NDManager m = trainer.manager();
            m.getEngine().setRandomSeed(12);
            NDArray x = m.randomUniform(0, 1, in);
            if (config.noiseInput()) { // contract v2: two planes constant over each item, as the tiler gives them
                x = x.get(":, 0:4, :, :").concat(m.randomUniform(0, 0.2f, new Shape(4, 2, 1, 1))
                        .repeat(2, 32).repeat(3, 32), 1);
            }
            // a learnable target: a fixed function of the input (each packed channel upsampled, three of them)
            NDArray y = x.get(":, 0:3, :, :").repeat(2, 2).repeat(3, 2).mul(0.5f).add(0.1f);
            assertLossFalls(trainer, x, y, 30);
            // what Adam and batch norm's running statistics left behind exports with parity
            ExportedModel model = OnnxExporter.defaults().export(net, ExportOptions.of("trained-test"));
            System.out.println("trained " + model.parity());
            assertTrue(model.parity().fp32MaxAbsDiff() <= Parity.FP32_TOLERANCE);
            assertTrue(model.parity().fp16MaxAbsDiff() <= Parity.FP16_TOLERANCE);
        }
    }

    @Test
    void ratioCnnLearnsATinySet() {
        RatioCnn net = new RatioCnn(new RatioNetworkConfig(List.of(4, 8), 8));
        Shape in = new Shape(8, 3, 64, 64);
        try (SupervisedTrainer trainer = new SupervisedTrainer(net, in, 1e-2f, 5)) {
            NDManager m = trainer.manager();
            m.getEngine().setRandomSeed(6);
            NDArray gain = m.randomUniform(0.05f, 1f, new Shape(8, 1, 1, 1));
            NDArray x = m.randomUniform(0, 1, in).mul(gain);
            NDArray y = gain.reshape(8, 1).log2().neg();
            assertLossFalls(trainer, x, y, 40);
        }
    }

    /**
     * The training loop on a tiny fixed set: validation improves, checkpoints are written, a second run on the same
     * folder resumes at the checkpoint's step instead of starting over, and a finished run is not trained again.
     */
    @Test
    void trainingLoopImprovesChecksPointsAndResumes(@TempDir Path dir) throws Exception {
        Batch batch = ratioBatch(new Shape(8, 3, 64, 64), 3);
        Validation validation = Validations.ratioStops(List.of(batch));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainingLoop.Result first;
        double initial;
        try (SupervisedTrainer trainer = trainer(0.01f)) {
            initial = validation.score(trainer);
            first = new TrainingLoop(plan(dir, 20), new LearningRate(0.01f, 0.1f, 2),
                    new PrintStream(log, true, StandardCharsets.UTF_8)).run(trainer, i -> batch, validation);
        }
        String text = log.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertEquals(20, first.steps());
        assertEquals(TrainingLoop.Stop.STEPS, first.stop());
        assertTrue(first.bestScore() > initial, "validation improved: " + initial + " → " + first.bestScore());
        assertTrue(text.contains("step 10/20") && text.contains("eta"), "progress lines: " + text);
        assertTrue(Files.exists(dir.resolve("tiny.best.params")) && Files.exists(dir.resolve("tiny.state")));

        // the same folder with the same limits: the finished run is not trained again, its best weights are loaded
        try (SupervisedTrainer trainer = trainer(0.01f)) {
            ByteArrayOutputStream log2 = new ByteArrayOutputStream();
            java.util.List<Long> asked = new java.util.ArrayList<>();
            TrainingLoop.Result second = new TrainingLoop(plan(dir, 20), new LearningRate(0.01f, 0.1f, 2),
                    new PrintStream(log2, true, StandardCharsets.UTF_8)).run(trainer, i -> {
                        synchronized (asked) {
                            asked.add(i);
                        }
                        return batch;
                    }, validation);
            String resumed = log2.toString(StandardCharsets.UTF_8);
            assertTrue(resumed.contains("resuming at step 20"), resumed);
            assertEquals(TrainingLoop.Stop.ALREADY_DONE, second.stop(), "a finished run is not trained again");
            assertEquals(first.bestScore(), validation.score(trainer), 1e-6, "the best weights are loaded back");
            assertTrue(asked.isEmpty());
        }
        // a run that ended at its step limit goes on when started again with a higher one
        try (SupervisedTrainer trainer = trainer(0.01f)) {
            ByteArrayOutputStream log3 = new ByteArrayOutputStream();
            java.util.List<Long> asked = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            TrainingLoop.Result longer = new TrainingLoop(plan(dir, 40), new LearningRate(0.01f, 0.1f, 2),
                    new PrintStream(log3, true, StandardCharsets.UTF_8)).run(trainer, i -> {
                        asked.add(i);
                        return batch;
                    }, validation);
            assertTrue(log3.toString(StandardCharsets.UTF_8).contains("continuing to 40 steps"), log3.toString());
            assertEquals(TrainingLoop.Stop.STEPS, longer.stop());
            assertEquals(40, longer.steps());
            assertEquals(20L, asked.get(0), "the batches continue at index 20");
        }
        // an unfinished run resumes where its last checkpoint left it
        Files.writeString(dir.resolve("tiny.state"), Files.readString(dir.resolve("tiny.state")).replace("done=true",
                "done=false"));
        try (SupervisedTrainer trainer = trainer(0.01f)) {
            java.util.List<Long> asked = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            TrainingLoop.Result third = new TrainingLoop(plan(dir, 50), new LearningRate(0.01f, 0.1f, 2),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(trainer, i -> {
                        asked.add(i);
                        return batch;
                    }, validation);
            assertEquals(50, third.steps());
            assertEquals(40L, asked.get(0), "the batches continue at index 40");
        }
    }

    /**
     * A stretch of batches whose gradients are not finite (NaN inputs, as a diverged network makes them) sends the loop
     * back to its best weights at half the learning rate after {@link TrainingLoop#RECOVER_AFTER_SKIPPED} skipped
     * updates, and training goes on from there; a run that never recovers stops as diverged with its best weights.
     */
    @Test
    void trainingLoopReturnsToItsBestWeightsWhenUpdatesKeepFailing(@TempDir Path dir) throws Exception {
        Shape in = new Shape(8, 3, 64, 64);
        Batch good = ratioBatch(in, 3);
        float[] poisoned = good.input().clone();
        poisoned[17] = Float.NaN;
        Batch bad = new Batch(poisoned, in, good.target(), good.targetShape());
        Validation validation = Validations.ratioStops(List.of(good));
        int skipped = TrainingLoop.RECOVER_AFTER_SKIPPED;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (SupervisedTrainer trainer = trainer(0.01f)) {
            double initial = validation.score(trainer);
            // steps 10..10+skipped-1 fail, the rest learn
            TrainingLoop.Result r = new TrainingLoop(patientPlan(dir, 40 + skipped), new LearningRate(0.01f, 0.1f, 2),
                    new PrintStream(log, true, StandardCharsets.UTF_8))
                    .run(trainer, i -> i >= 10 && i < 10 + skipped ? bad : good, validation);
            String text = log.toString(StandardCharsets.UTF_8);
            System.out.print(text);
            assertEquals(TrainingLoop.Stop.STEPS, r.stop(), text);
            assertTrue(text.contains(skipped + " updates in a row skipped") && text.contains("back to the best weights")
                    && text.contains("return 1 of " + TrainingLoop.MAX_RECOVERIES), text);
            assertEquals(skipped, trainer.skippedSteps());
            assertTrue(r.bestScore() > initial && r.bestStep() > 10 + skipped,
                    "it kept learning after the return: best " + r.bestScore() + " at step " + r.bestStep());
            assertTrue(Files.readString(dir.resolve("tiny.state")).contains("recoveries=1"));
        }
        // nothing but failing updates: every return fails again, and the run stops with the weights it started with
        Path never = dir.resolve("never");
        ByteArrayOutputStream log2 = new ByteArrayOutputStream();
        try (SupervisedTrainer trainer = trainer(0.01f)) {
            double initial = validation.score(trainer);
            TrainingLoop.Result r = new TrainingLoop(patientPlan(never, 1000), new LearningRate(0.01f, 0.1f, 2),
                    new PrintStream(log2, true, StandardCharsets.UTF_8)).run(trainer, i -> bad, validation);
            String text = log2.toString(StandardCharsets.UTF_8);
            assertEquals(TrainingLoop.Stop.DIVERGED, r.stop(), text);
            assertEquals((TrainingLoop.MAX_RECOVERIES + 1L) * skipped, r.steps(), text);
            assertTrue(text.contains("diverged"), text);
            assertEquals(initial, validation.score(trainer), 1e-6, "the best (initial) weights are loaded back");
        }
    }

    /**
     * One batch whose gradient is not finite is skipped, and only that one: DJL clears gradients by subtracting them
     * from themselves, so without {@code SupervisedTrainer}'s own clearing the NaN stayed and every later update was
     * skipped too. And the cleared gradients outlive a garbage collection: DJL's {@code set(float[])} does not copy
     * into a tensor, it points the tensor's storage at a direct buffer that only the Java handle keeps alive, and
     * {@code getGradient()} hands out a new handle each time; a gradient cleared through such a handle lived in
     * memory that the next collection freed, so later backward passes accumulated into whatever the allocator put
     * there (seen: "corrupted double-linked list" in CI right after the tests that skip updates). Here the memory of
     * freed buffers is reused between the skipped update and the next look: every gradient must still read zero.
     */
    @Test
    void aNonFiniteUpdateIsSkippedAloneAndLearningGoesOn() throws Exception {
        Shape in = new Shape(8, 3, 64, 64);
        Batch good = ratioBatch(in, 4);
        float[] poisoned = good.input().clone();
        poisoned[5] = Float.POSITIVE_INFINITY;
        try (SupervisedTrainer trainer = trainer(0.01f)) {
            NDManager m = trainer.manager();
            NDArray x = m.create(good.input(), in);
            NDArray y = m.create(good.target(), good.targetShape());
            trainer.step(x, y);
            trainer.step(m.create(poisoned, in), y);
            assertEquals(1, trainer.skippedSteps(), "the poisoned update is skipped");
            List<Integer> sizes = new java.util.ArrayList<>();
            trainer.network().getParameters().forEach(p -> sizes.add(Math.toIntExact(p.getValue().getArray().size())));
            List<Object> filler = freeAndReuseDirectBuffers(sizes);
            try (NDManager scope = m.newSubManager()) {
                for (var p : trainer.network().getParameters()) {
                    NDArray gradient = p.getValue().getArray().getGradient();
                    gradient.attach(scope);
                    for (float g : gradient.toFloatArray()) {
                        assertEquals(0f, g, p.getKey() + "'s cleared gradient");
                    }
                }
            }
            assertLossFalls(trainer, x, y, 30);
            assertEquals(1, trainer.skippedSteps(), "no update after it is skipped");
            assertTrue(filler.size() > 0);
        }
    }

    /** Collects (freeing unreachable direct buffers), then allocates buffers of the given float counts full of 1e6. */
    private static List<Object> freeAndReuseDirectBuffers(List<Integer> floatCounts) throws InterruptedException {
        for (int k = 0; k < 3; k++) {
            System.gc();
            Thread.sleep(50);
        }
        List<Object> filler = new java.util.ArrayList<>();
        for (int k = 0; k < 200; k++) {
            for (int count : floatCounts) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(4 * count).order(java.nio.ByteOrder.nativeOrder());
                for (int i = 0; i < count; i++) {
                    b.putFloat(4 * i, 1e6f);
                }
                filler.add(b);
            }
        }
        return filler;
    }

    private static TrainingPlan patientPlan(Path dir, long steps) {
        return new TrainingPlan("tiny", steps, Duration.ofMinutes(5), 10, 3, 100, 0, 0, dir, 1);
    }

    private static Batch ratioBatch(Shape in, long seed) {
        int n = (int) in.get(0);
        float[] x = new float[(int) in.size()];
        float[] y = new float[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            double gain = 0.05 + 0.95 * r.nextDouble();
            y[i] = (float) -(Math.log(gain) / Math.log(2));
            for (int k = 0; k < in.size() / n; k++) {
                x[(int) (i * in.size() / n + k)] = (float) (gain * r.nextDouble());
            }
        }
        return new Batch(x, in, y, new Shape(n, 1));
    }

    /**
     * With {@link DisplayL1Loss} the loop hands each example's colour matrix to the loss: a tiny BN U-Net's display
     * validation improves; batches without matrices are refused with a message instead of a shape error.
     */
    @Test
    void trainingLoopFeedsEachExamplesColourMatrixToTheDisplayLoss(@TempDir Path dir) throws Exception {
        Shape in = new Shape(4, 4, 16, 16);
        SplittableRandom r = new SplittableRandom(8);
        float[] x = new float[(int) in.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.1 + 0.5 * r.nextDouble());
        }
        // target: each packed channel upsampled ×2, R from channel 0, G from 1, B from 2
        float[] y = new float[4 * 3 * 32 * 32];
        for (int b = 0; b < 4; b++) {
            for (int c = 0; c < 3; c++) {
                for (int yy = 0; yy < 32; yy++) {
                    for (int xx = 0; xx < 32; xx++) {
                        y[((b * 3 + c) * 32 + yy) * 32 + xx] = x[((b * 4 + c) * 16 + yy / 2) * 16 + xx / 2];
                    }
                }
            }
        }
        float[] colour = new float[4 * 9];
        for (int b = 0; b < 4; b++) {
            double[] m = io.nightshift.trainer.data.PhotoPairGenerator.TYPICAL_MATRICES.get(b % 3).rowMajor();
            for (int k = 0; k < 9; k++) {
                colour[9 * b + k] = (float) m[k];
            }
        }
        Batch batch = new Batch(x, in, y, new Shape(4, 3, 32, 32), colour);
        Validation validation = Validations.enhancerPsnr(List.of(batch), Validations.Domain.DISPLAY);
        UNet net = new UNet(UNetConfig.batchNormVariant(4));
        LearningRate lr = new LearningRate(3e-3f, 0.1f, 2);
        try (SupervisedTrainer trainer = new SupervisedTrainer(net, in, lr, 11, new DisplayL1Loss())) {
            assertTrue(trainer.lossNeedsColour());
            double initial = validation.score(trainer);
            TrainingLoop.Result result = new TrainingLoop(plan(dir, 40), lr,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .run(trainer, i -> batch, validation);
            assertTrue(result.bestScore() > initial + 1, "display PSNR improved: " + initial + " → " + result.bestScore());
            assertTrue(validation.describe(result.bestScore()).endsWith("dB display"));

            Batch plain = new Batch(x, in, y, new Shape(4, 3, 32, 32));
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> new TrainingLoop(plan(dir.resolve("plain"), 5), lr,
                            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                            .run(trainer, i -> plain, Validations.enhancerPsnr(List.of(plain), Validations.Domain.ENCODED)));
            assertTrue(e.getMessage().contains("colour matrix"), e.getMessage());
        }
    }

    private static SupervisedTrainer trainer(float lr) {
        RatioCnn net = new RatioCnn(new RatioNetworkConfig(List.of(4, 8), 8));
        return new SupervisedTrainer(net, new Shape(8, 3, 64, 64), new LearningRate(lr, 0.1f, 2), 5);
    }

    private static TrainingPlan plan(Path dir, long steps) {
        return new TrainingPlan("tiny", steps, Duration.ofMinutes(5), 10, 3, 5, 0, 0, dir, 1);
    }

    private static void assertLossFalls(SupervisedTrainer trainer, NDArray x, NDArray y, int steps) {
        float before = trainer.loss(x, y);
        float first = trainer.step(x, y);
        float last = first;
        for (int i = 1; i < steps; i++) {
            last = trainer.step(x, y);
        }
        float after = trainer.loss(x, y);
        System.out.printf("%s: eval loss %.4f → %.4f, training loss %.4f → %.4f%n",
                trainer.network().architecture(), before, after, first, last);
        assertTrue(Float.isFinite(last) && Float.isFinite(after), "finite losses");
        assertTrue(last < 0.7f * first, "training loss fell: " + first + " → " + last);
        assertTrue(after < before, "inference-mode loss fell: " + before + " → " + after);
    }
}
