package io.nightshift.contract.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nightshift.contract.testing.OrtRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each operator of the builder, checked in ONNX Runtime against values computed by hand. */
class OnnxGraphBuilderTest {

    @Test
    void maxPoolGlobalAveragePoolFlattenGemmAddRelu() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("ops", Precision.FP32);
        String x = g.input("x", Dim.fixed(1), Dim.fixed(1), Dim.fixed(2), Dim.fixed(4));
        // x = [[1 2 3 4], [5 6 7 8]]: 2×2 max-pool → [6, 8]; global average → 4.5
        String pooled = g.flatten(g.maxPool(x, 2, 2), 1);
        String mean = g.flatten(g.globalAveragePool(x), 1);
        // Gemm without transpose: [6, 8] · [[1], [10]] + 0.5 = 86.5; + 4.5 = 91; − 100 → relu → 0
        String gemm = g.gemm(pooled, g.initializer("fc.weight", new float[] {1, 10}, 2, 1),
                g.initializer("fc.bias", new float[] {0.5f}, 1), false);
        String sum = g.add(gemm, mean);
        String shifted = g.add(sum, g.initializer("shift", new float[] {-100, -50}, 2));
        g.output(g.relu(shifted), "y", Dim.fixed(1), Dim.fixed(2));

        OrtRunner.Output out = OrtRunner.run(g.build(), "x", new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 1, 2, 4);

        assertArrayEquals(new long[] {1, 2}, out.shape());
        assertArrayEquals(new float[] {0, 41}, out.data());
    }

    @Test
    void gemmWithTransposedWeightIsALinearLayer() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("linear", Precision.FP32);
        String x = g.input("x", Dim.named("N"), Dim.fixed(3));
        // weight [out 2, in 3]: y0 = 1·1 + 2·2 + 3·3 + 1 = 15, y1 = −1·1 + 0 + 1·3 − 1 = 1
        String y = g.gemm(x, g.initializer("w", new float[] {1, 2, 3, -1, 0, 1}, 2, 3),
                g.initializer("b", new float[] {1, -1}, 2), true);
        g.output(y, "y", Dim.named("N"), Dim.fixed(2));

        assertArrayEquals(new float[] {15, 1}, OrtRunner.run(g.build(), "x", new float[] {1, 2, 3}, 1, 3).data());
    }

    @Test
    void depthToSpaceUsesCrdOrder() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("d2s", Precision.FP32);
        String x = g.input("x", Dim.fixed(1), Dim.fixed(8), Dim.fixed(1), Dim.fixed(1));
        g.output(g.depthToSpace(x, 2), "y", Dim.fixed(1), Dim.fixed(2), Dim.fixed(2), Dim.fixed(2));

        OrtRunner.Output out = OrtRunner.run(g.build(), "x", new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 1, 8, 1, 1);

        // CRD: output channel c at (i, j) is input channel 4c + 2i + j (DCR would give 0 2 4 6 | 1 3 5 7)
        assertArrayEquals(new long[] {1, 2, 2, 2}, out.shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, out.data());
    }

    @Test
    void convWithPaddingLeakyReluBatchNormConcatAndCast() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("conv", Precision.FP32);
        String x = g.input("x", Dim.fixed(1), Dim.fixed(1), Dim.fixed(3), Dim.fixed(3));
        float[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        // 3×3 box sum with zero padding 1, minus 10: corners sum 4 values, centre all 9
        String conv = g.conv(x, g.initializer("k", ones, 1, 1, 3, 3), g.initializer("kb", new float[] {-10}, 1), 3, 1);
        String leaky = g.leakyRelu(conv, 0.2f);
        // batch norm: (v − μ) / √(σ² + ε) · γ + β = (v − 1) / 2 · 2 + 1 = v; then float16 and back
        String bn = g.batchNormalization(x, g.initializer("g", new float[] {2}, 1), g.initializer("b", new float[] {1}, 1),
                g.initializer("m", new float[] {1}, 1), g.initializer("v", new float[] {3}, 1), 1f);
        String roundTrip = g.cast(g.cast(bn, 10), 1);
        g.output(g.concat(1, leaky, roundTrip), "y", Dim.fixed(1), Dim.fixed(2), Dim.fixed(3), Dim.fixed(3));

        float[] in = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] y = OrtRunner.run(g.build(), "x", in, 1, 1, 3, 3).data();

        // box sums [12 21 16; 27 45 33; 24 39 28] − 10, all positive, so leaky relu keeps them
        assertArrayEquals(new float[] {2, 11, 6, 17, 35, 23, 14, 29, 18}, Arrays.copyOf(y, 9));
        assertArrayEquals(in, Arrays.copyOfRange(y, 9, 18));
    }

    @Test
    void leakyReluKeepsAFifthOfNegatives() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("leaky", Precision.FP32);
        g.output(g.leakyRelu(g.input("x", Dim.fixed(3)), 0.2f), "y", Dim.fixed(3));
        assertArrayEquals(new float[] {-0.2f, 0, 2}, OrtRunner.run(g.build(), "x", new float[] {-1, 0, 2}, 3).data());
    }

    @Test
    void modelCarriesOpsetIrVersionProducerAndMetadata(@TempDir Path dir) throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("meta", Precision.FP32);
        g.output(g.relu(g.input("x", Dim.fixed(1))), "y", Dim.fixed(1));
        g.metadata("k", "v1").metadata("k", "v2").metadata("other", "o");
        Path file = dir.resolve("m.onnx");
        g.writeTo(file);

        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(file));

        assertEquals(8, model.getIrVersion());
        assertEquals(1, model.getOpsetImportCount());
        assertEquals("", model.getOpsetImport(0).getDomain());
        assertEquals(17, model.getOpsetImport(0).getVersion());
        assertEquals(OnnxGraphBuilder.PRODUCER, model.getProducerName());
        assertEquals(2, model.getMetadataPropsCount());
        assertEquals("k", model.getMetadataProps(0).getKey());
        assertEquals("v2", model.getMetadataProps(0).getValue());
        assertEquals("y", model.getGraph().getNode(0).getOutput(0), "the output renames the producing node's value");
    }

    @Test
    void refusesDuplicateNamesWrongSizesAndGraphsWithoutOutputs() {
        OnnxGraphBuilder g = new OnnxGraphBuilder("bad", Precision.FP32);
        g.initializer("w", new float[] {1, 2}, 2);
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
                () -> g.initializer("w", new float[] {1}, 1));
        assertEquals("the name 'w' is already used in graph 'bad'", duplicate.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> g.initializer("v", new float[] {1, 2, 3}, 2, 2));
        assertEquals("initializer 'v' of shape [2, 2] needs 4 values, got 3", size.getMessage());
        g.input("x", Dim.fixed(1));
        assertThrows(IllegalStateException.class, g::build);
    }
}
