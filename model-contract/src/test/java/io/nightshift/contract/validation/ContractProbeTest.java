package io.nightshift.contract.validation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.nightshift.contract.MetadataKeys;
import io.nightshift.contract.ModelRole;
import io.nightshift.contract.onnx.Dim;
import io.nightshift.contract.onnx.EnhancerNetwork;
import io.nightshift.contract.onnx.ExportOptions;
import io.nightshift.contract.onnx.OnnxGraphBuilder;
import io.nightshift.contract.onnx.Precision;
import io.nightshift.contract.onnx.RatioNetwork;
import io.nightshift.contract.onnx.RatioNetworkConfig;
import io.nightshift.contract.onnx.UNetConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractProbeTest {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();

    @Test
    void acceptsContractShapedNetworks() throws Exception {
        ModelProto enhancer = EnhancerNetwork.random(UNetConfig.batchNormVariant(4), 1, ExportOptions.of("e"));
        ModelProto ratio = RatioNetwork.random(RatioNetworkConfig.defaults(), 1, ExportOptions.of("r"));
        try (OrtSession e = env.createSession(enhancer.toByteArray()); OrtSession r = env.createSession(ratio.toByteArray())) {
            assertDoesNotThrow(() -> ContractProbe.check(env, e, ModelRole.ENHANCER));
            assertDoesNotThrow(() -> ContractProbe.check(env, r, ModelRole.RATIO_ESTIMATOR));
        }
    }

    @Test
    void refusesAnEnhancerThatDoesNotDoubleTheSizeThoughItsSignatureFits() throws Exception {
        // 1×1 conv 4 → 3 without DepthToSpace: output [N, 3, h, w], declared with symbolic 2h, 2w
        OnnxGraphBuilder g = new OnnxGraphBuilder("same-size", Precision.FP32);
        String x = g.input("packed", Dim.named("N"), Dim.fixed(4), Dim.named("h"), Dim.named("w"));
        g.output(g.conv(x, g.initializer("w", new float[12], 3, 4, 1, 1), null, 1, 0), "rgb",
                Dim.named("N"), Dim.fixed(3), Dim.named("2h"), Dim.named("2w"));
        g.metadata(MetadataKeys.CONTRACT, "enhancer/v1").metadata(MetadataKeys.MODEL_VERSION, "bad");
        ModelProto model = g.build();
        assertEquals(List.of(), ContractValidator.problems(ProtoSignatures.of(model), ModelRole.ENHANCER));

        try (OrtSession session = env.createSession(model.toByteArray())) {
            ContractViolationException e = assertThrows(ContractViolationException.class,
                    () -> ContractProbe.check(env, session, ModelRole.ENHANCER));
            assertEquals("model does not fit contract enhancer/v1: output 'rgb' has shape [1, 3, 48, 80] "
                    + "for input [1, 4, 48, 80], contract needs [1, 3, 96, 160]", e.getMessage());
        }
    }

    @Test
    void refusesNonFiniteOutputs() throws Exception {
        OnnxGraphBuilder g = new OnnxGraphBuilder("inf", Precision.FP32);
        String x = g.input("thumb", Dim.named("N"), Dim.fixed(3), Dim.fixed(64), Dim.fixed(64));
        String pooled = g.flatten(g.globalAveragePool(x), 1);
        // 3 × 0.25 × 3e38 + 3e38 = 5.25e38 overflows float32 (max 3.4e38) → +inf
        String y = g.gemm(pooled, g.initializer("w", new float[] {3e38f, 3e38f, 3e38f}, 1, 3),
                g.initializer("b", new float[] {3e38f}, 1), true);
        g.output(y, "log2_ratio", Dim.named("N"), Dim.fixed(1));
        g.metadata(MetadataKeys.CONTRACT, "ratio/v1").metadata(MetadataKeys.MODEL_VERSION, "inf");
        try (OrtSession session = env.createSession(g.toBytes())) {
            ContractViolationException e = assertThrows(ContractViolationException.class,
                    () -> ContractProbe.check(env, session, ModelRole.RATIO_ESTIMATOR));
            assertEquals("model does not fit contract ratio/v1: output 'log2_ratio' is not finite (Infinity at index 0) "
                    + "for a constant input of 0.25", e.getMessage());
        }
    }
}
