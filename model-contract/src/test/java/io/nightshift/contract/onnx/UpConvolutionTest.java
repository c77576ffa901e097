package io.nightshift.contract.onnx;

import io.nightshift.contract.FloatArrays;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nightshift.contract.testing.OrtRunner;
import io.nightshift.contract.testing.TestData;
import org.junit.jupiter.api.Test;

/** The up-convolution rewrite (1×1 conv to 4× channels + DepthToSpace CRD) equals a 2×2 stride-2 transposed convolution. */
class UpConvolutionTest {

    @Test
    void oneByOneConvolutionAndDepthToSpaceEqualTheTransposedConvolution() throws Exception {
        int in = 5;
        int out = 3;
        int h = 4;
        int w = 6;
        float[] x = TestData.uniform(11, in * h * w, -1, 1);
        float[] transposedWeight = TestData.uniform(12, in * out * 2 * 2, -1, 1);
        float[] bias = TestData.uniform(13, out, -1, 1);

        OnnxGraphBuilder g = new OnnxGraphBuilder("up", Precision.FP32);
        String input = g.input("x", Dim.fixed(1), Dim.fixed(in), Dim.named("h"), Dim.named("w"));
        String conv = g.conv(input,
                g.initializer("up.weight", UpConvolution.weightFromTransposed(transposedWeight, in, out), 4 * out, in, 1, 1),
                g.initializer("up.bias", UpConvolution.biasFromTransposed(bias), 4 * out), 1, 0);
        g.output(g.depthToSpace(conv, 2), "y", Dim.fixed(1), Dim.fixed(out), Dim.named("2h"), Dim.named("2w"));
        ModelProto model = g.build();

        OrtRunner.Output rewritten = OrtRunner.run(model, "x", x, 1, in, h, w);
        float[] direct = transposedConvolution(x, in, h, w, transposedWeight, bias, out, 2, 2);

        assertArrayEquals(new long[] {1, out, 2 * h, 2 * w}, rewritten.shape());
        assertTrue(FloatArrays.standardDeviation(direct) > 0.1);
        double diff = FloatArrays.maxAbsDiff(direct, rewritten.data());
        assertTrue(diff <= 1e-5, "max abs diff " + diff);
    }

    /**
     * ConvTranspose as its definition scatters it: every input pixel adds its kernel-weighted value
     * to the output window at (y·stride, x·stride). Weights {@code [in, out, k, k]} (PyTorch layout).
     */
    static float[] transposedConvolution(float[] x, int in, int h, int w, float[] weight, float[] bias, int out,
            int kernel, int stride) {
        int oh = (h - 1) * stride + kernel;
        int ow = (w - 1) * stride + kernel;
        double[] y = new double[out * oh * ow];
        for (int c = 0; c < out; c++) {
            for (int i = 0; i < oh * ow; i++) {
                y[c * oh * ow + i] = bias[c];
            }
        }
        for (int ci = 0; ci < in; ci++) {
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < w; xx++) {
                    double v = x[(ci * h + yy) * w + xx];
                    for (int c = 0; c < out; c++) {
                        for (int ki = 0; ki < kernel; ki++) {
                            for (int kj = 0; kj < kernel; kj++) {
                                double k = weight[((ci * out + c) * kernel + ki) * kernel + kj];
                                y[(c * oh + yy * stride + ki) * ow + xx * stride + kj] += v * k;
                            }
                        }
                    }
                }
            }
        }
        float[] result = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            result[i] = (float) y[i];
        }
        return result;
    }
}
