package io.nightshift.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.nightshift.contract.post.SrgbCurve;
import io.nightshift.trainer.engine.TorchEngine;
import org.junit.jupiter.api.Test;

class EncodedL1LossTest {

    @Test
    void encodesWithTheSrgbCurveAndKeepsAGradientBelowZeroAndAboveOne() {
        float[] values = {-0.01f, 0f, 0.001f, 0.0031308f, 0.01f, 0.18f, 0.5f, 1f, 1.3f};
        try (NDManager m = TorchEngine.get().newBaseManager()) {
            float[] encoded = EncodedL1Loss.encode(m.create(values)).toFloatArray();
            for (int i = 0; i < values.length; i++) {
                double expected = values[i] <= 0.0031308f ? 12.92 * values[i]
                        : values[i] <= 1 ? SrgbCurve.encode(values[i]) : 1.055 * Math.pow(values[i], 1 / 2.4) - 0.055;
                assertEquals(expected, encoded[i], 2e-5, "encode(" + values[i] + ")");
            }

            NDArray prediction = m.create(new float[] {-0.05f, 0.002f, 0.02f, 1.2f});
            NDArray target = m.create(new float[] {0.0f, 0.004f, 0.01f, 1.0f});
            prediction.setRequiresGradient(true);
            float loss;
            float[] gradient;
            try (GradientCollector collector = TorchEngine.get().newGradientCollector()) {
                NDArray l = new EncodedL1Loss().evaluate(new NDList(target), new NDList(prediction));
                collector.backward(l);
                loss = l.getFloat();
                gradient = prediction.getGradient().toFloatArray();
            }
            double expected = (Math.abs(-0.05 * 12.92 - 0) + Math.abs(0.002 * 12.92 - SrgbCurve.encode(0.004))
                    + Math.abs(SrgbCurve.encode(0.02) - SrgbCurve.encode(0.01))
                    + Math.abs(1.055 * Math.pow(1.2, 1 / 2.4) - 0.055 - 1)) / 4;
            assertEquals(expected, loss, 1e-5);
            // every element pulls towards its target: negative gradient where the output is too low, positive above
            assertTrue(gradient[0] < 0 && gradient[1] < 0, java.util.Arrays.toString(gradient));
            assertTrue(gradient[2] > 0 && gradient[3] > 0, java.util.Arrays.toString(gradient));
            // below the toe the slope is the curve's 12.92, shared over the batch's four elements
            assertEquals(-12.92 / 4, gradient[0], 1e-4);
        }
    }

    /**
     * The curve's constants outlive the backward pass. DJL's {@code mul(Number)}, {@code maximum(Number)} and
     * {@code pow(Number)} make each constant a tensor over a direct buffer (no copy) and close it at once, while
     * autograd keeps that tensor to compute the gradient: once the garbage collector frees the buffer, the backward
     * pass reads whatever the allocator put there (seen: a training run whose loss jumped from 0.04 to 0.12 at one
     * step for good, and native crashes inside autograd). Here the buffers of such constants are freed and their
     * memory reused between the forward and the backward pass: the gradient must still be the curve's.
     */
    @Test
    void theGradientSurvivesACollectionBetweenForwardAndBackward() throws Exception {
        float[] values = new float[64];
        for (int i = 0; i < values.length; i++) {
            values[i] = 0.05f + 0.9f * i / values.length;
        }
        try (NDManager m = TorchEngine.get().newBaseManager()) {
            for (int round = 0; round < 5; round++) {
                NDArray prediction = m.create(values);
                NDArray target = m.zeros(prediction.getShape());
                prediction.setRequiresGradient(true);
                float[] gradient;
                try (GradientCollector collector = TorchEngine.get().newGradientCollector()) {
                    NDArray l = new EncodedL1Loss().evaluate(new NDList(target), new NDList(prediction));
                    freeAndReuseSmallDirectBuffers();
                    collector.backward(l);
                    gradient = prediction.getGradient().toFloatArray();
                }
                for (int i = 0; i < values.length; i++) {
                    double slope = 1.055 / 2.4 * Math.pow(values[i], 1 / 2.4 - 1) / values.length;
                    assertEquals(slope, gradient[i], 1e-4 * slope, "round " + round + ": d loss / d v at " + values[i]);
                }
            }
        }
    }

    /** Collects (freeing unreachable direct buffers) and allocates many small ones full of a value that shows. */
    private static void freeAndReuseSmallDirectBuffers() throws InterruptedException {
        for (int k = 0; k < 3; k++) {
            System.gc();
            Thread.sleep(50);
        }
        java.util.List<java.nio.ByteBuffer> filler = new java.util.ArrayList<>();
        for (int k = 0; k < 20_000; k++) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(4).order(java.nio.ByteOrder.nativeOrder());
            b.putFloat(0, 1e6f);
            filler.add(b);
        }
        FILLER.add(filler);
    }

    /** Keeps the filler reachable until the test class is done, so its memory is not handed back mid-test. */
    private static final java.util.List<Object> FILLER = new java.util.ArrayList<>();
}
