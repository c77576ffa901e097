package io.nightshift.contract.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nightshift.contract.MetadataKeys;
import io.nightshift.contract.ModelRole;
import io.nightshift.contract.testing.OrtRunner;
import io.nightshift.contract.testing.TestData;
import io.nightshift.contract.validation.ContractValidator;
import io.nightshift.contract.validation.ProtoSignatures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An ensemble of ratio networks is one ratio/v1 model whose output is the mean of its members'. */
class RatioEnsembleTest {

    @Test
    void theEnsembleOutputsTheMeanOfItsMembers() throws Exception {
        RatioNetworkConfig config = RatioNetworkConfig.defaults().withLogInput(true).withExposurePrior(true);
        List<ModelProto> members = List.of(RatioNetwork.random(config, 1, ExportOptions.of("a")),
                RatioNetwork.random(config, 2, ExportOptions.of("b")),
                RatioNetwork.random(config, 3, ExportOptions.of("c")));
        float[] thumbs = TestData.uniform(4, 5 * 3 * 64 * 64, 0, 0.2f);
        float[] expected = new float[5];
        for (ModelProto m : members) {
            float[] out = OrtRunner.run(m, "thumb", thumbs, 5, 3, 64, 64).data();
            for (int i = 0; i < 5; i++) {
                expected[i] += out[i] / members.size();
            }
        }

        ModelProto ensemble = RatioEnsemble.of(members, "set/ratio", Map.of(MetadataKeys.PROVENANCE_SEED, "1,2,3"));
        OrtRunner.Output out = OrtRunner.run(ensemble, "thumb", thumbs, 5, 3, 64, 64);

        assertArrayEquals(new long[] {5, 1}, out.shape());
        assertArrayEquals(expected, out.data(), 1e-5f);
        assertEquals(ModelRole.RATIO_ESTIMATOR, ContractValidator.validate(ensemble.toByteArray()));
        Map<String, String> metadata = ProtoSignatures.of(ensemble).metadata();
        assertEquals("ensemble 3 × " + config.architecture(), metadata.get(MetadataKeys.ARCHITECTURE));
        assertEquals("set/ratio", metadata.get(MetadataKeys.MODEL_VERSION));
        assertEquals("1,2,3", metadata.get(MetadataKeys.PROVENANCE_SEED));
    }

    @Test
    void onlyRatioModelsMakeAnEnsemble() {
        ModelProto ratio = RatioNetwork.random(RatioNetworkConfig.defaults(), 1, ExportOptions.of("a"));
        ModelProto enhancer = EnhancerNetwork.random(UNetConfig.batchNormVariant(16), 1, ExportOptions.of("e"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RatioEnsemble.of(List.of(ratio, enhancer), "v", Map.of()));
        assertEquals("member 1 is not a ratio/v1 model: enhancer/v1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RatioEnsemble.of(List.of(ratio), "v", Map.of()));
    }
}
