package io.nightshift.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.nightshift.contract.onnx.UpConvolution;
import io.nightshift.trainer.engine.TorchEngine;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The U-Net's up-convolution (1×1 convolution to 4× channels + CRD depth-to-space, in DJL) against a
 * real 2×2 stride-2 transposed convolution computed directly from its definition in plain Java.
 */
class UpConvolutionEquivalenceTest {

    private static final int N = 2;
    private static final int IN = 3;
    private static final int OUT = 5;
    private static final int H = 3;
    private static final int W = 4;

    /** With small integers every product and sum is exact in float, so the two must agree bit for bit. */
    @Test
    void equalsTheTransposedConvolutionExactlyOnIntegers() {
        SplittableRandom r = new SplittableRandom(1);
        DoubleSupplier ints = () -> r.nextInt(-4, 5);
        float[] x = fill(N * IN * H * W, ints);
        float[] weight = fill(IN * OUT * 4, ints);
        float[] bias = fill(OUT, ints);
        float[] expected = transposedConvolution(x, weight, bias);
        float[] actual = upConvolution(x, weight, bias);
        assertTrue(maxAbs(expected) > 10, "a non-trivial case");
        assertArrayEquals(expected, actual, 0f);
    }

    @Test
    void equalsTheTransposedConvolutionOnRandomFloats() {
        SplittableRandom r = new SplittableRandom(2);
        DoubleSupplier gauss = () -> r.nextDouble(-1, 1);
        float[] x = fill(N * IN * H * W, gauss);
        float[] weight = fill(IN * OUT * 4, gauss);
        float[] bias = fill(OUT, gauss);
        assertArrayEquals(transposedConvolution(x, weight, bias), upConvolution(x, weight, bias), 1e-6f);
    }

    @Test
    void depthToSpaceIsCrd() {
        // channel 4c + 2i + j at (y, x) goes to channel c at (2y + i, 2x + j)
        int c = 2;
        int h = 2;
        int w = 3;
        float[] x = new float[4 * c * h * w];
        for (int k = 0; k < x.length; k++) {
            x[k] = k;
        }
        try (NDManager m = TorchEngine.get().newBaseManager()) {
            NDArray y = DepthToSpace.crd(m.create(x, new Shape(1, 4L * c, h, w)), 2);
            assertEquals(new Shape(1, c, 2L * h, 2L * w), y.getShape());
            float[] out = y.toFloatArray();
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        for (int yy = 0; yy < h; yy++) {
                            for (int xx = 0; xx < w; xx++) {
                                float in = x[((4 * ch + 2 * i + j) * h + yy) * w + xx];
                                assertEquals(in, out[(ch * 2 * h + 2 * yy + i) * 2 * w + 2 * xx + j]);
                            }
                        }
                    }
                }
            }
        }
    }

    /** out[n, c, 2y+i, 2x+j] = bias[c] + Σ_ci x[n, ci, y, x]·weight[ci, c, i, j] (PyTorch ConvTranspose2d layout). */
    private static float[] transposedConvolution(float[] x, float[] weight, float[] bias) {
        float[] out = new float[N * OUT * 2 * H * 2 * W];
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < OUT; c++) {
                for (int y = 0; y < H; y++) {
                    for (int xx = 0; xx < W; xx++) {
                        for (int i = 0; i < 2; i++) {
                            for (int j = 0; j < 2; j++) {
                                double s = bias[c];
                                for (int ci = 0; ci < IN; ci++) {
                                    s += (double) x[((n * IN + ci) * H + y) * W + xx] * weight[((ci * OUT + c) * 2 + i) * 2 + j];
                                }
                                out[((n * OUT + c) * 2 * H + 2 * y + i) * 2 * W + 2 * xx + j] = (float) s;
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** DJL: the contract's weight rearrangement, a 1×1 convolution, then CRD depth-to-space. */
    private static float[] upConvolution(float[] x, float[] transposedWeight, float[] transposedBias) {
        try (NDManager m = TorchEngine.get().newBaseManager()) {
            NDArray input = m.create(x, new Shape(N, IN, H, W));
            NDArray w = m.create(UpConvolution.weightFromTransposed(transposedWeight, IN, OUT), new Shape(4L * OUT, IN, 1, 1));
            NDArray b = m.create(UpConvolution.biasFromTransposed(transposedBias), new Shape(4L * OUT));
            NDArray y = Conv2d.conv2d(input, w, b).singletonOrThrow();
            NDArray up = DepthToSpace.crd(y, 2);
            assertEquals(new Shape(N, OUT, 2L * H, 2L * W), up.getShape());
            return up.toFloatArray();
        }
    }

    private static float[] fill(int n, DoubleSupplier values) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) values.getAsDouble();
        }
        return a;
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
