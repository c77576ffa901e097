package io.nightshift.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.post.ColorMatrix;
import io.nightshift.contract.post.PostProcessor;
import io.nightshift.trainer.data.PhotoPairGenerator;
import io.nightshift.trainer.engine.TorchEngine;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DisplayL1LossTest {

    private static final ColorMatrix STRONG = PhotoPairGenerator.TYPICAL_MATRICES.get(2);
    private static final ColorMatrix MILD = PhotoPairGenerator.TYPICAL_MATRICES.get(0);

    /** Two examples, each with its own matrix: the loss is L1 of the sRGB-encoded, matrix-transformed pixels. */
    @Test
    void judgesEachExampleAfterItsOwnMatrixAndTheCurve() {
        SplittableRandom r = new SplittableRandom(4);
        int h = 3;
        int w = 5;
        float[] target = new float[2 * 3 * h * w];
        float[] prediction = new float[target.length];
        for (int i = 0; i < target.length; i++) {
            target[i] = (float) (0.05 + 0.6 * r.nextDouble());
            prediction[i] = (float) (target[i] + 0.1 * (r.nextDouble() - 0.5));
        }
        float[] colour = matrices(STRONG, MILD);
        double expected = 0;
        for (int b = 0; b < 2; b++) {
            double[] m = (b == 0 ? STRONG : MILD).rowMajor();
            for (int p = 0; p < h * w; p++) {
                for (int row = 0; row < 3; row++) {
                    double pv = 0;
                    double tv = 0;
                    for (int c = 0; c < 3; c++) {
                        int at = b * 3 * h * w + c * h * w + p;
                        pv += m[3 * row + c] * prediction[at];
                        tv += m[3 * row + c] * target[at];
                    }
                    expected += Math.abs(encode(pv) - encode(tv));
                }
            }
        }
        expected /= target.length;
        try (NDManager m = TorchEngine.get().newBaseManager()) {
            Shape shape = new Shape(2, 3, h, w);
            NDArray l = new DisplayL1Loss().evaluate(
                    new NDList(m.create(target, shape), m.create(colour, new Shape(2, 3, 3))),
                    new NDList(m.create(prediction, shape)));
            assertEquals(expected, l.getFloat(), 1e-5);
            assertThrows(IllegalArgumentException.class, () -> new DisplayL1Loss().evaluate(
                    new NDList(m.create(target, shape)), new NDList(m.create(prediction, shape))));
        }
    }

    /**
     * The point of the loss: under a saturating matrix an error that differs between channels (a colour cast) costs
     * more than the same amount of error common to all three (a brightness error), while camera-space L1 cannot
     * tell them apart; and the gradient pulls the cast back.
     */
    @Test
    void aColourCastCostsMoreThanTheSameErrorInBrightness() {
        float[] target = new float[3 * 4 * 4];
        java.util.Arrays.fill(target, 0.3f);
        float[] brighter = target.clone();
        float[] cast = target.clone();
        for (int i = 0; i < 16; i++) {
            for (int c = 0; c < 3; c++) {
                brighter[c * 16 + i] += 0.02f;
            }
            cast[i] += 0.04f; // red up
            cast[16 + i] -= 0.02f; // green down
        }
        try (NDManager m = TorchEngine.get().newBaseManager()) {
            Shape shape = new Shape(1, 3, 4, 4);
            NDArray t = m.create(target, shape);
            NDArray colour = m.create(matrices(STRONG), new Shape(1, 3, 3));
            NDArray castPrediction = m.create(cast, shape);
            castPrediction.setRequiresGradient(true);
            float castLoss;
            float[] gradient;
            try (GradientCollector collector = TorchEngine.get().newGradientCollector()) {
                NDArray l = new DisplayL1Loss().evaluate(new NDList(t, colour), new NDList(castPrediction));
                collector.backward(l);
                castLoss = l.getFloat();
                gradient = castPrediction.getGradient().toFloatArray();
            }
            float brightLoss = new DisplayL1Loss().evaluate(new NDList(t, colour), new NDList(m.create(brighter, shape)))
                    .getFloat();
            float castCamera = new EncodedL1Loss().evaluate(new NDList(t), new NDList(m.create(cast, shape))).getFloat();
            float brightCamera = new EncodedL1Loss().evaluate(new NDList(t), new NDList(m.create(brighter, shape)))
                    .getFloat();
            assertEquals(castCamera, brightCamera, 0.25 * brightCamera, "camera-space L1 sees both alike");
            assertTrue(castLoss > 2 * brightLoss, "cast " + castLoss + " vs brightness " + brightLoss);
            assertTrue(gradient[0] > 0 && gradient[16] < 0, "red pulled down, green up: " + gradient[0] + ", " + gradient[16]);
        }
    }

    /** The validation figure in the display domain is the PSNR of the contract's post-processing of both images. */
    @Test
    void displayPsnrIsThePsnrAfterPostProcessing() {
        SplittableRandom r = new SplittableRandom(9);
        int h = 6;
        int w = 8;
        PlanarImage target = PlanarImage.zeros(3, h, w);
        PlanarImage prediction = PlanarImage.zeros(3, h, w);
        for (int i = 0; i < target.data().length; i++) {
            target.data()[i] = (float) r.nextDouble();
            prediction.data()[i] = (float) (target.data()[i] + 0.2 * (r.nextDouble() - 0.5)); // also outside [0, 1]
        }
        PostProcessor post = PostProcessor.colourOnly(STRONG, w, h);
        float[] a = post.apply(prediction).data();
        float[] b = post.apply(target).data();
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            se += (a[i] - b[i]) * (double) (a[i] - b[i]);
        }
        double expected = 10 * Math.log10(a.length / se);
        // the item second in a batch of two, with its own matrix second: the offsets pick it out
        int n = a.length;
        float[] predictions = new float[2 * n];
        float[] targets = new float[2 * n];
        System.arraycopy(prediction.data(), 0, predictions, n, n);
        System.arraycopy(target.data(), 0, targets, n, n);
        java.util.Arrays.fill(predictions, 0, n, 0.9f);
        assertEquals(expected, Validations.displayPsnr(predictions, targets, n, n, h, w, matrices(MILD, STRONG), 9), 1e-3);
        assertTrue(Math.abs(expected - Validations.displayPsnr(predictions, targets, n, n, h, w,
                matrices(STRONG, MILD), 9)) > 0.1, "the other matrix gives another figure");
    }

    private static float[] matrices(ColorMatrix... ms) {
        float[] out = new float[9 * ms.length];
        for (int i = 0; i < ms.length; i++) {
            double[] v = ms[i].rowMajor();
            for (int k = 0; k < 9; k++) {
                out[9 * i + k] = (float) v[k];
            }
        }
        return out;
    }

    private static double encode(double v) {
        return v <= 0.0031308 ? 12.92 * v : 1.055 * Math.pow(v, 1 / 2.4) - 0.055;
    }
}
