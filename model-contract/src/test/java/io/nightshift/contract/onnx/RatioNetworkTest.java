package io.nightshift.contract.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.nightshift.contract.ModelRole;
import io.nightshift.contract.testing.OrtRunner;
import io.nightshift.contract.testing.TestData;
import io.nightshift.contract.validation.ContractValidator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RatioNetworkTest {

    @Test
    void ratioCnnMapsABatchOfThumbsToOneValueEach() throws Exception {
        ModelProto model = RatioNetwork.random(RatioNetworkConfig.defaults(), 5, ExportOptions.of("r1"));
        float[] thumbs = TestData.uniform(6, 3 * 3 * 64 * 64, 0, 1);

        OrtRunner.Output out = OrtRunner.run(model, "thumb", thumbs, 3, 3, 64, 64);

        assertArrayEquals(new long[] {3, 1}, out.shape());
        assertNotEquals(out.data()[0], out.data()[1]);
        assertEquals(ModelRole.RATIO_ESTIMATOR, ContractValidator.validate(model.toByteArray()));
        Set<String> ops = new TreeSet<>();
        for (NodeProto n : model.getGraph().getNodeList()) {
            ops.add(n.getOpType());
        }
        assertEquals(Set.of("Conv", "Flatten", "Gemm", "GlobalAveragePool", "MaxPool", "Relu"), ops);
        assertEquals("ratio-cnn 16-32-64-64 fc32", RatioNetworkConfig.defaults().architecture());
        assertEquals("ratio-cnn log 16-32-64-64 fc32", RatioNetworkConfig.defaults().withLogInput(true).architecture());
    }

    @Test
    void theLogInputIsTheLinearNetworkOnLogInputValues() throws Exception {
        RatioNetworkConfig log = new RatioNetworkConfig(java.util.List.of(4, 8), 8, true);
        RatioNetworkConfig linear = new RatioNetworkConfig(java.util.List.of(4, 8), 8, false);
        // dark thumbs: values across eight stops, zeros included
        float[] thumbs = TestData.uniform(9, 2 * 3 * 64 * 64, 0, 1);
        float[] logged = new float[thumbs.length];
        for (int i = 0; i < thumbs.length; i++) {
            thumbs[i] = i % 97 == 0 ? 0f : (float) Math.pow(2, -8 * thumbs[i]) * 0.3f;
            logged[i] = RatioNetwork.logInput(thumbs[i]);
        }

        float[] viaGraph = OrtRunner.run(RatioNetwork.random(log, 3, ExportOptions.of("l")), "thumb", thumbs,
                2, 3, 64, 64).data();
        float[] viaJava = OrtRunner.run(RatioNetwork.random(linear, 3, ExportOptions.of("l")), "thumb", logged,
                2, 3, 64, 64).data();

        assertArrayEquals(viaJava, viaGraph, 1e-5f);
        Set<String> ops = new TreeSet<>();
        for (NodeProto n : RatioNetwork.random(log, 3, ExportOptions.of("l")).getGraph().getNodeList()) {
            ops.add(n.getOpType());
        }
        assertEquals(Set.of("Add", "Conv", "Flatten", "Gemm", "GlobalAveragePool", "Log", "MaxPool", "Mul", "Relu"), ops);
        assertNotEquals(viaGraph[0], OrtRunner.run(RatioNetwork.random(linear, 3, ExportOptions.of("l")), "thumb",
                thumbs, 2, 3, 64, 64).data()[0], 1e-4);
    }

    /**
     * With the exposure prior the graph's output is the same network's output plus {@link RatioNetwork#priorLog2Ratio}
     * of each thumb: a mid-grey thumb, a dark one, an all-black one (prior clipped at log2 300) and a bright one
     * (clipped at 0).
     */
    @Test
    void theExposurePriorAddsThePercentileEstimateToTheNetwork() throws Exception {
        RatioNetworkConfig plain = new RatioNetworkConfig(java.util.List.of(4, 8), 8, false, false);
        RatioNetworkConfig prior = plain.withExposurePrior(true);
        int per = 3 * 64 * 64;
        float[] thumbs = TestData.uniform(4, 4 * per, 0, 1);
        float[] scales = {0.3f, 0.004f, 0f, 3f};
        for (int i = 0; i < thumbs.length; i++) {
            thumbs[i] *= scales[i / per];
        }

        float[] withPrior = OrtRunner.run(RatioNetwork.random(prior, 8, ExportOptions.of("p")), "thumb", thumbs,
                4, 3, 64, 64).data();
        float[] without = OrtRunner.run(RatioNetwork.random(plain, 8, ExportOptions.of("p")), "thumb", thumbs,
                4, 3, 64, 64).data();

        for (int n = 0; n < 4; n++) {
            float expected = RatioNetwork.priorLog2Ratio(java.util.Arrays.copyOfRange(thumbs, n * per, (n + 1) * per));
            assertEquals(expected, withPrior[n] - without[n], 1e-4, "thumb " + n);
        }
        assertEquals(RatioNetwork.PRIOR_MAX, RatioNetwork.priorLog2Ratio(new float[per]), 1e-6);
        assertEquals(0f, RatioNetwork.priorLog2Ratio(java.util.Arrays.copyOfRange(thumbs, 3 * per, 4 * per)), 1e-6);
        // mid-grey: uniform on [0, 0.3], so its 98th percentile is ≈ 0.294
        assertEquals(Math.log(RatioNetwork.PRIOR_LEVEL / 0.294) / Math.log(2), withPrior[0] - without[0], 0.02);
        assertEquals("ratio-cnn prior 4-8 fc8", prior.architecture());
        Set<String> ops = new TreeSet<>();
        for (NodeProto node : RatioNetwork.random(prior, 8, ExportOptions.of("p")).getGraph().getNodeList()) {
            ops.add(node.getOpType());
        }
        assertEquals(Set.of("Add", "Clip", "Conv", "Flatten", "Gemm", "GlobalAveragePool", "Log", "Max", "MaxPool",
                "Mul", "ReduceMin", "Relu", "Reshape", "TopK"), ops);
        assertEquals(ModelRole.RATIO_ESTIMATOR, ContractValidator.validate(
                RatioNetwork.random(prior, 8, ExportOptions.of("p")).toByteArray()));
    }

    /**
     * A network built at another prior level ({@link RatioNetwork#SERVICE_PRIOR_LEVEL}, the level of whole-frame thumbs)
     * answers its level's prior: log2 of the two levels' ratio above the same network at the contract's first level,
     * for a thumb neither clip reaches; its architecture names the level.
     */
    @Test
    void thePriorsLevelIsTheConfigs() throws Exception {
        RatioNetworkConfig first = new RatioNetworkConfig(java.util.List.of(4, 8), 8, false, true);
        RatioNetworkConfig service = first.withPriorLevel(RatioNetwork.SERVICE_PRIOR_LEVEL);
        int per = 3 * 64 * 64;
        float[] thumb = TestData.uniform(5, per, 0, 0.05f);
        float[] atFirst = OrtRunner.run(RatioNetwork.random(first, 8, ExportOptions.of("p")), "thumb", thumb,
                1, 3, 64, 64).data();
        float[] atService = OrtRunner.run(RatioNetwork.random(service, 8, ExportOptions.of("p")), "thumb", thumb,
                1, 3, 64, 64).data();
        double shift = Math.log(RatioNetwork.SERVICE_PRIOR_LEVEL / RatioNetwork.PRIOR_LEVEL) / Math.log(2);
        assertEquals(shift, atService[0] - atFirst[0], 1e-4);
        assertEquals(RatioNetwork.priorLog2Ratio(thumb, RatioNetwork.SERVICE_PRIOR_LEVEL),
                RatioNetwork.priorLog2Ratio(thumb) + shift, 1e-4);
        assertEquals("ratio-cnn prior@0.6225 4-8 fc8", service.architecture());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> first.withPriorLevel(0f));
    }
}
