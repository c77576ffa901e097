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
import org.junit.jupiter.api.RepetitionInfo;

/**
 * {@link Conv3x3} against the definition in plain Java — forward, weight gradient and input gradient — on small
 * integers (exact in float, so compared bit for bit): the shifted-copies path (4 filters) and the native path
 * ({@value Conv3x3#NATIVE_MIN_FILTERS} filters). Repeated, because the defect they work around was intermittent.
 */
class Conv3x3Test {

    @RepeatedTest(5)
    void shiftedCopiesAreExact(RepetitionInfo info) {
        check(new Dims(2, 3, 4, 5, 6), info.getCurrentRepetition());
    }

    @RepeatedTest(5)
    void nativeConvolutionFromSixteenFiltersIsExact(RepetitionInfo info) {
        check(new Dims(2, 4, Conv3x3.NATIVE_MIN_FILTERS, 9, 7), 100 + info.getCurrentRepetition());
    }

    private record Dims(int n, int in, int out, int h, int w) {
    }

    private static void check(Dims d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = ints(r, d.n * d.in * d.h * d.w);
        float[] w = ints(r, d.out * d.in * 9);
        float[] b = ints(r, d.out);
        float[] g = ints(r, d.n * d.out * d.h * d.w); // loss = Σ y·g, so dL/dy = g
        Engine engine = TorchEngine.get();
        try (NDManager m = engine.newBaseManager()) {
            NDArray xa = m.create(x, new Shape(d.n, d.in, d.h, d.w));
            NDArray wa = m.create(w, new Shape(d.out, d.in, 3, 3));
            xa.setRequiresGradient(true);
            wa.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = engine.newGradientCollector()) {
                y = Conv3x3.apply(xa, wa, m.create(b));
                gc.backward(y.mul(m.create(g, new Shape(d.n, d.out, d.h, d.w))).sum());
            }
            assertEquals(new Shape(d.n, d.out, d.h, d.w), y.getShape());
            assertArrayEquals(convolution(d, x, w, b), y.toFloatArray(), 0f);
            assertArrayEquals(weightGradient(d, x, g), wa.getGradient().toFloatArray(), 0f);
            assertArrayEquals(inputGradient(d, w, g), xa.getGradient().toFloatArray(), 0f);
        }
    }

    private static float at(float[] a, int channels, Dims d, int n, int c, int yy, int xx) {
        return yy < 0 || yy >= d.h || xx < 0 || xx >= d.w ? 0 : a[((n * channels + c) * d.h + yy) * d.w + xx];
    }

    private static float[] convolution(Dims d, float[] x, float[] w, float[] b) {
        float[] y = new float[d.n * d.out * d.h * d.w];
        for (int n = 0; n < d.n; n++) {
            for (int o = 0; o < d.out; o++) {
                for (int yy = 0; yy < d.h; yy++) {
                    for (int xx = 0; xx < d.w; xx++) {
                        double s = b[o];
                        for (int c = 0; c < d.in; c++) {
                            for (int dy = 0; dy < 3; dy++) {
                                for (int dx = 0; dx < 3; dx++) {
                                    s += w[((o * d.in + c) * 3 + dy) * 3 + dx] * at(x, d.in, d, n, c, yy + dy - 1, xx + dx - 1);
                                }
                            }
                        }
                        y[((n * d.out + o) * d.h + yy) * d.w + xx] = (float) s;
                    }
                }
            }
        }
        return y;
    }

    private static float[] weightGradient(Dims d, float[] x, float[] g) {
        float[] dw = new float[d.out * d.in * 9];
        for (int o = 0; o < d.out; o++) {
            for (int c = 0; c < d.in; c++) {
                for (int dy = 0; dy < 3; dy++) {
                    for (int dx = 0; dx < 3; dx++) {
                        double s = 0;
                        for (int n = 0; n < d.n; n++) {
                            for (int yy = 0; yy < d.h; yy++) {
                                for (int xx = 0; xx < d.w; xx++) {
                                    s += g[((n * d.out + o) * d.h + yy) * d.w + xx]
                                            * at(x, d.in, d, n, c, yy + dy - 1, xx + dx - 1);
                                }
                            }
                        }
                        dw[((o * d.in + c) * 3 + dy) * 3 + dx] = (float) s;
                    }
                }
            }
        }
        return dw;
    }

    /** dL/dx[n, c, y, x] = Σ_o Σ_dy,dx w[o, c, dy, dx] · g[n, o, y − dy + 1, x − dx + 1]. */
    private static float[] inputGradient(Dims d, float[] w, float[] g) {
        float[] dx = new float[d.n * d.in * d.h * d.w];
        for (int n = 0; n < d.n; n++) {
            for (int c = 0; c < d.in; c++) {
                for (int yy = 0; yy < d.h; yy++) {
                    for (int xx = 0; xx < d.w; xx++) {
                        double s = 0;
                        for (int o = 0; o < d.out; o++) {
                            for (int ky = 0; ky < 3; ky++) {
                                for (int kx = 0; kx < 3; kx++) {
                                    s += w[((o * d.in + c) * 3 + ky) * 3 + kx] * at(g, d.out, d, n, o, yy - ky + 1, xx - kx + 1);
                                }
                            }
                        }
                        dx[((n * d.in + c) * d.h + yy) * d.w + xx] = (float) s;
                    }
                }
            }
        }
        return dx;
    }

    private static float[] ints(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextInt(-3, 4);
        }
        return a;
    }
}
