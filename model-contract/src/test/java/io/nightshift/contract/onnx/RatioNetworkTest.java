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
    }
}
