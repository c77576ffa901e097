package io.nightshift.contract.onnx;

import io.nightshift.contract.FloatArrays;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.nightshift.contract.MetadataKeys;
import io.nightshift.contract.ModelRole;
import io.nightshift.contract.testing.OrtRunner;
import io.nightshift.contract.testing.TestData;
import io.nightshift.contract.validation.ContractValidator;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FP16 exports keep float32 inputs and outputs, store float16 weights, and stay within 5e-3 of FP32. */
class Fp16Test {

    @Test
    void sidUNetInFp16IsWithinToleranceOfFp32() throws Exception {
        assertFp16MatchesFp32(UNetConfig.sid(), 31, true);
    }

    @Test
    void batchNormVariantInFp16IsWithinToleranceOfFp32() throws Exception {
        // folded, as exports should be in FP16: a BatchNormalization node adds one float16 rounding
        // per layer (measured here: 4.7e-3 unfolded against 2.1e-3 folded)
        assertFp16MatchesFp32(UNetConfig.batchNormVariant(16), 32, true);
    }

    @Test
    void unfoldedBatchNormRunsInFp16() throws Exception {
        ModelProto fp16 = EnhancerNetwork.random(UNetConfig.batchNormVariant(4), 35,
                ExportOptions.of("t").withFoldBatchNorm(false).withPrecision(Precision.FP16));
        OrtRunner.Output out = OrtRunner.run(fp16, "packed", TestData.uniform(36, 4 * 16 * 32, 0, 1), 1, 4, 16, 32);
        assertEquals(List.of(1L, 3L, 32L, 64L), Arrays.stream(out.shape()).boxed().toList());
        assertEquals(18, fp16.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("BatchNormalization")).count());
    }

    @Test
    void ratioCnnInFp16IsWithinToleranceOfFp32() throws Exception {
        ExportOptions options = ExportOptions.of("r");
        ModelProto fp32 = RatioNetwork.random(RatioNetworkConfig.defaults(), 33, options);
        ModelProto fp16 = RatioNetwork.random(RatioNetworkConfig.defaults(), 33, options.withPrecision(Precision.FP16));
        float[] thumbs = TestData.uniform(34, 2 * 3 * 64 * 64, 0, 1);

        float[] a = OrtRunner.run(fp32, "thumb", thumbs, 2, 3, 64, 64).data();
        float[] b = OrtRunner.run(fp16, "thumb", thumbs, 2, 3, 64, 64).data();

        double diff = FloatArrays.maxAbsDiff(a, b);
        assertTrue(diff <= 5e-3 && diff > 0, "max abs diff " + diff);
        assertEquals(ModelRole.RATIO_ESTIMATOR, ContractValidator.validate(fp16.toByteArray()));
    }

    private static void assertFp16MatchesFp32(UNetConfig config, long seed, boolean fold) throws Exception {
        ExportOptions options = ExportOptions.of("t").withFoldBatchNorm(fold);
        ModelProto fp32 = EnhancerNetwork.random(config, seed, options);
        ModelProto fp16 = EnhancerNetwork.random(config, seed, options.withPrecision(Precision.FP16));
        float[] input = TestData.uniform(seed + 1, 4 * 48 * 80, 0, 1);

        float[] a = OrtRunner.run(fp32, "packed", input, 1, 4, 48, 80).data();
        float[] b = OrtRunner.run(fp16, "packed", input, 1, 4, 48, 80).data();

        double diff = FloatArrays.maxAbsDiff(a, b);
        assertTrue(FloatArrays.standardDeviation(a) > 0.02);
        assertTrue(diff <= 5e-3, "max abs diff " + diff);
        assertTrue(diff > 0, "the FP16 graph must actually compute in float16");

        List<NodeProto> nodes = fp16.getGraph().getNodeList();
        assertEquals("Cast", nodes.get(0).getOpType());
        assertEquals("packed", nodes.get(0).getInput(0));
        assertEquals("Cast", nodes.get(nodes.size() - 1).getOpType());
        assertEquals("rgb", nodes.get(nodes.size() - 1).getOutput(0));
        assertTrue(fp16.getGraph().getInitializerList().stream()
                .allMatch(t -> t.getDataType() == TensorProto.DataType.FLOAT16_VALUE));
        assertEquals(TensorProto.DataType.FLOAT_VALUE, fp16.getGraph().getInput(0).getType().getTensorType().getElemType());
        assertEquals(TensorProto.DataType.FLOAT_VALUE, fp16.getGraph().getOutput(0).getType().getTensorType().getElemType());
        assertEquals(ModelRole.ENHANCER, ContractValidator.validate(fp16.toByteArray()));
        assertEquals("fp16", fp16.getMetadataPropsList().stream()
                .filter(e -> e.getKey().equals(MetadataKeys.PRECISION)).findFirst().orElseThrow().getValue());
    }
}
