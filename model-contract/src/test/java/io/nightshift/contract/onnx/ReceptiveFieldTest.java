package io.nightshift.contract.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nightshift.contract.testing.OrtRunner;
import io.nightshift.contract.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * The SID topology's receptive field, which tiling margins rely on: by interval arithmetic over the
 * graph (two 3×3 convolutions per level, 2×2 pooling, 1×1 up-convolution), an output pixel depends
 * on packed pixels at most 107 away, reached on one side and depending on the position modulo 16. A random
 * network realizes it: a change to one packed pixel moves outputs up to exactly 107 packed pixels
 * away and no further. Widths do not matter, so narrow ones keep this fast.
 */
class ReceptiveFieldTest {

    @Test
    void onePackedPixelReachesOutputsUpTo107PackedPixelsAway() throws Exception {
        int size = 256;
        int p = 130; // 130 mod 16 = 2: a phase whose reach downwards and to the right is the longest
        ModelProto model = EnhancerNetwork.random(UNetConfig.sid(8, 8, 8, 8, 8), 7, ExportOptions.of("rf"));
        float[] input = TestData.uniform(8, 4 * size * size, 0, 1);
        float[] changed = input.clone();
        for (int c = 0; c < 4; c++) {
            changed[(c * size + p) * size + p] += 10f;
        }

        float[] a = OrtRunner.run(model, "packed", input, 1, 4, size, size).data();
        float[] b = OrtRunner.run(model, "packed", changed, 1, 4, size, size).data();

        int top = Integer.MAX_VALUE;
        int bottom = Integer.MIN_VALUE;
        int left = Integer.MAX_VALUE;
        int right = Integer.MIN_VALUE;
        int out = 2 * size;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                int y = (i % (out * out)) / out / 2; // packed row of this output pixel
                int x = (i % out) / 2;
                top = Math.min(top, y);
                bottom = Math.max(bottom, y);
                left = Math.min(left, x);
                right = Math.max(right, x);
            }
        }
        assertEquals(107, bottom - p, "reach downwards");
        assertEquals(107, right - p, "reach to the right");
        assertTrue(p - top <= 107 && p - top >= 80, "reach upwards " + (p - top));
        assertTrue(p - left <= 107 && p - left >= 80, "reach to the left " + (p - left));
    }
}
