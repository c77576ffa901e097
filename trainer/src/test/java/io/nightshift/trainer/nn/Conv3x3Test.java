package io.nightshift.trainer.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.nightshift.trainer.engine.TorchEngine;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The shifted-copies 3×3 convolution against the definition in plain Java, forward and weight
 * gradient, on small integers (exact in float, so compared bit for bit). Repeated, because the
 * defect it works around was intermittent.
 */
class Conv3x3Test {

    private static final int N = 2;
    private static final int IN = 3;
    private static final int OUT = 4;
    private static final int H = 5;
    private static final int W = 6;

    @RepeatedTest(5)
    void forwardAndWeightGradientAreExact(org.junit.jupiter.api.RepetitionInfo info) {
        SplittableRandom r = new SplittableRandom(info.getCurrentRepetition());
        float[] x = ints(r, N * IN * H * W);
        float[] w = ints(r, OUT * IN * 9);
        float[] b = ints(r, OUT);
        float[] g = ints(r, N * OUT * H * W); // loss = Σ y·g, so dL/dy = g
        Engine engine = TorchEngine.get();
        try (NDManager m = engine.newBaseManager()) {
            NDArray xa = m.create(x, new Shape(N, IN, H, W));
            NDArray wa = m.create(w, new Shape(OUT, IN, 3, 3));
            wa.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = engine.newGradientCollector()) {
                y = Conv3x3.apply(xa, wa, m.create(b));
                gc.backward(y.mul(m.create(g, new Shape(N, OUT, H, W))).sum());
            }
            assertEquals(new Shape(N, OUT, H, W), y.getShape());
            assertArrayEquals(convolution(x, w, b), y.toFloatArray(), 0f);
            assertArrayEquals(weightGradient(x, g), wa.getGradient().toFloatArray(), 0f);
        }
    }

    private static float pixel(float[] x, int n, int c, int yy, int xx) {
        return yy < 0 || yy >= H || xx < 0 || xx >= W ? 0 : x[((n * IN + c) * H + yy) * W + xx];
    }

    private static float[] convolution(float[] x, float[] w, float[] b) {
        float[] y = new float[N * OUT * H * W];
        for (int n = 0; n < N; n++) {
            for (int o = 0; o < OUT; o++) {
                for (int yy = 0; yy < H; yy++) {
                    for (int xx = 0; xx < W; xx++) {
                        double s = b[o];
                        for (int c = 0; c < IN; c++) {
                            for (int dy = 0; dy < 3; dy++) {
                                for (int dx = 0; dx < 3; dx++) {
                                    s += w[((o * IN + c) * 3 + dy) * 3 + dx] * pixel(x, n, c, yy + dy - 1, xx + dx - 1);
                                }
                            }
                        }
                        y[((n * OUT + o) * H + yy) * W + xx] = (float) s;
                    }
                }
            }
        }
        return y;
    }

    private static float[] weightGradient(float[] x, float[] g) {
        float[] dw = new float[OUT * IN * 9];
        for (int o = 0; o < OUT; o++) {
            for (int c = 0; c < IN; c++) {
                for (int dy = 0; dy < 3; dy++) {
                    for (int dx = 0; dx < 3; dx++) {
                        double s = 0;
                        for (int n = 0; n < N; n++) {
                            for (int yy = 0; yy < H; yy++) {
                                for (int xx = 0; xx < W; xx++) {
                                    s += g[((n * OUT + o) * H + yy) * W + xx] * pixel(x, n, c, yy + dy - 1, xx + dx - 1);
                                }
                            }
                        }
                        dw[((o * IN + c) * 3 + dy) * 3 + dx] = (float) s;
                    }
                }
            }
        }
        return dw;
    }

    private static float[] ints(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextInt(-3, 4);
        }
        return a;
    }
}
