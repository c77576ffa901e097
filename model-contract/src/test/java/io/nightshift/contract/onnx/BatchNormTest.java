package io.nightshift.contract.onnx;

import io.nightshift.contract.FloatArrays;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.nightshift.contract.testing.OrtRunner;
import io.nightshift.contract.testing.TestData;
import org.junit.jupiter.api.Test;

class BatchNormTest {

    @Test
    void foldedAndUnfoldedBatchNormGiveTheSameOutputs() throws Exception {
        UNetConfig config = UNetConfig.batchNormVariant(8);
        ModelProto unfolded = EnhancerNetwork.random(config, 21, ExportOptions.of("t").withFoldBatchNorm(false));
        ModelProto folded = EnhancerNetwork.random(config, 21, ExportOptions.of("t").withFoldBatchNorm(true));
        float[] input = TestData.uniform(22, 4 * 48 * 80, 0, 1);

        float[] a = OrtRunner.run(unfolded, "packed", input, 1, 4, 48, 80).data();
        float[] b = OrtRunner.run(folded, "packed", input, 1, 4, 48, 80).data();

        assertEquals(18, countOps(unfolded, "BatchNormalization"), "two per level, five levels down and four up");
        assertEquals(0, countOps(folded, "BatchNormalization"));
        assertTrue(FloatArrays.standardDeviation(a) > 0.02);
        double diff = FloatArrays.maxAbsDiff(a, b);
        assertTrue(diff < 1e-4, "max abs diff " + diff);
    }

    @Test
    void foldingScalesWeightsAndShiftsBiasByHand() {
        // s = γ / √(σ² + ε) = 4 / √(3 + 1) = 2; W' = 2·W; b' = s·(b − μ) + β = 2·(0.5 − 1) + 0.25
        BatchNormFolding.FoldedConv f = BatchNormFolding.fold(new float[] {1, -2, 3}, new float[] {0.5f},
                new float[] {4}, new float[] {0.25f}, new float[] {1}, new float[] {3}, 1f);
        assertArrayEquals(new float[] {2, -4, 6}, f.weight());
        assertArrayEquals(new float[] {-0.75f}, f.bias());

        BatchNormFolding.FoldedConv noBias = BatchNormFolding.fold(new float[] {1, 1}, null,
                new float[] {1, 2}, new float[] {0, 1}, new float[] {2, 0}, new float[] {0, 0}, 1f);
        assertArrayEquals(new float[] {1, 2}, noBias.weight());
        assertArrayEquals(new float[] {-2, 1}, noBias.bias());
    }

    private static long countOps(ModelProto model, String op) {
        return model.getGraph().getNodeList().stream().map(NodeProto::getOpType).filter(op::equals).count();
    }
}
