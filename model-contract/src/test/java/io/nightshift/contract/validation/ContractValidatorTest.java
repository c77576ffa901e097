package io.nightshift.contract.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import io.nightshift.contract.EnhancerContract;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal of the validator, with its message, and the models it accepts. */
class ContractValidatorTest {

    /** A tiny but contract-shaped enhancer: 1×1 conv 4 → 12 and DepthToSpace ×2. */
    private static ModelProto tinyEnhancer(Precision precision) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("tiny", precision);
        String x = g.input("packed", Dim.named("N"), Dim.fixed(4), Dim.named("h"), Dim.named("w"));
        String y = g.conv(x, g.initializer("head.weight", new float[12 * 4], 12, 4, 1, 1), null, 1, 0);
        g.output(g.depthToSpace(y, 2), "rgb", Dim.named("N"), Dim.fixed(3), Dim.named("2h"), Dim.named("2w"));
        g.metadata(MetadataKeys.CONTRACT, "enhancer/v1").metadata(MetadataKeys.MODEL_VERSION, "tiny-1");
        return g.build();
    }

    private static ModelProto tinyEnhancer() {
        return tinyEnhancer(Precision.FP32);
    }

    private static ModelProto withInput(ModelProto model, UnaryOperator<ValueInfoProto.Builder> change) {
        ModelProto.Builder b = model.toBuilder();
        b.getGraphBuilder().setInput(0, change.apply(model.getGraph().getInput(0).toBuilder()));
        return b.build();
    }

    private static ModelProto withOutput(ModelProto model, UnaryOperator<ValueInfoProto.Builder> change) {
        ModelProto.Builder b = model.toBuilder();
        b.getGraphBuilder().setOutput(0, change.apply(model.getGraph().getOutput(0).toBuilder()));
        return b.build();
    }

    private static ModelProto withMetadata(ModelProto model, String key, String value) {
        ModelProto.Builder b = model.toBuilder().clearMetadataProps();
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            if (!e.getKey().equals(key)) {
                b.addMetadataProps(e);
            }
        }
        if (value != null) {
            b.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value));
        }
        return b.build();
    }

    private static ValueInfoProto.Builder dim(ValueInfoProto.Builder v, int index, TensorShapeProto.Dimension d) {
        v.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().setDim(index, d);
        return v;
    }

    private static TensorShapeProto.Dimension fixed(long size) {
        return TensorShapeProto.Dimension.newBuilder().setDimValue(size).build();
    }

    private static List<String> problems(ModelProto model, ModelRole role) {
        return ContractValidator.problems(ProtoSignatures.of(model), role);
    }

    private static ContractViolationException refusal(ModelProto model, ModelRole role) {
        return assertThrows(ContractViolationException.class, () -> ContractValidator.validate(model.toByteArray(), role));
    }

    // ------------------------------------------------------------------ accepted

    @Test
    void acceptsContractShapedModelsInFp32AndFp16() {
        assertEquals(List.of(), problems(tinyEnhancer(), ModelRole.ENHANCER));
        assertEquals(List.of(), problems(tinyEnhancer(Precision.FP16), ModelRole.ENHANCER));
        assertEquals(ModelRole.ENHANCER, ContractValidator.validate(tinyEnhancer(Precision.FP16).toByteArray()));
        ModelProto ratio = RatioNetwork.random(RatioNetworkConfig.defaults(), 1, ExportOptions.of("r"));
        assertEquals(ModelRole.RATIO_ESTIMATOR, ContractValidator.validate(ratio.toByteArray()));
    }

    @Test
    void initializersListedAsGraphInputsAreNotInputs() {
        ModelProto model = tinyEnhancer();
        ModelProto.Builder b = model.toBuilder();
        b.getGraphBuilder().addInput(ValueInfoProto.newBuilder().setName("head.weight")
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1))));
        assertEquals(List.of(), problems(b.build(), ModelRole.ENHANCER));
    }

    @Test
    void validatesAFileOnDisk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.onnx");
        Files.write(file, withMetadata(tinyEnhancer(), MetadataKeys.MODEL_VERSION, null).toByteArray());
        ContractViolationException e = assertThrows(ContractViolationException.class,
                () -> ContractValidator.validate(file, ModelRole.ENHANCER));
        assertEquals("model does not fit contract enhancer/v1: metadata key 'nightshift.model_version' is missing",
                e.getMessage());
    }

    // ------------------------------------------------------------------ metadata

    @Test
    void refusesAMissingContractKey() {
        ModelProto model = withMetadata(tinyEnhancer(), MetadataKeys.CONTRACT, null);
        assertEquals(List.of("metadata key 'nightshift.contract' is missing (expected 'enhancer/v1')"),
                refusal(model, ModelRole.ENHANCER).problems());
        ContractViolationException unknownRole = assertThrows(ContractViolationException.class,
                () -> ContractValidator.validate(model.toByteArray()));
        assertEquals("model does not fit contract v1: metadata key 'nightshift.contract' is missing "
                + "(expected one of 'enhancer/v1', 'enhancer/v2', 'ratio/v1')", unknownRole.getMessage());
    }

    @Test
    void refusesAnUnknownContractKey() {
        ModelProto model = withMetadata(tinyEnhancer(), MetadataKeys.CONTRACT, "enhancer/v3");
        ContractViolationException e = assertThrows(ContractViolationException.class,
                () -> ContractValidator.validate(model.toByteArray()));
        assertEquals("model does not fit contract v1: metadata 'nightshift.contract' is 'enhancer/v3', "
                + "expected one of 'enhancer/v1', 'enhancer/v2', 'ratio/v1'", e.getMessage());
        assertEquals(List.of("metadata 'nightshift.contract' is 'enhancer/v3', expected one of 'enhancer/v1', "
                + "'enhancer/v2' (a newer contract needs a newer worker)"), problems(model, ModelRole.ENHANCER));
    }

    /** Contract v2's enhancer takes six channels (the packed four and two noise planes); each version its own. */
    @Test
    void eachEnhancerContractVersionHasItsOwnChannelCount() {
        ModelProto v1 = tinyEnhancer();
        ModelProto fourAsV2 = withMetadata(v1, MetadataKeys.CONTRACT, "enhancer/v2");
        assertEquals(List.of("input 'packed' dimension 1 (C) is 4, contract [N, 6, h, w] needs 6"),
                problems(fourAsV2, ModelRole.ENHANCER));
        ModelProto six = withInput(withMetadata(v1, MetadataKeys.CONTRACT, "enhancer/v2"), v -> dim(v, 1, fixed(6)));
        assertEquals(EnhancerContract.V2, ContractValidator.enhancerContract(ProtoSignatures.of(six)));
        assertEquals(List.of(), problems(six, ModelRole.ENHANCER).stream()
                .filter(p -> p.contains("packed")).toList());
        ModelProto sixAsV1 = withInput(v1, v -> dim(v, 1, fixed(6)));
        assertEquals(List.of("input 'packed' dimension 1 (C) is 6, contract [N, 4, h, w] needs 4"),
                problems(sixAsV1, ModelRole.ENHANCER));
        assertEquals(EnhancerContract.V1, ContractValidator.enhancerContract(ProtoSignatures.of(sixAsV1)));
        assertEquals(ModelRole.ENHANCER, ModelRole.byContractKey("enhancer/v2").orElseThrow());
    }

    @Test
    void refusesARatioModelWhereAnEnhancerIsExpected() {
        ModelProto ratio = RatioNetwork.random(RatioNetworkConfig.defaults(), 1, ExportOptions.of("r"));
        assertEquals(List.of(
                "metadata 'nightshift.contract' is 'ratio/v1', expected one of 'enhancer/v1', 'enhancer/v2'",
                "no input named 'packed' (the model's inputs: 'thumb')",
                "unexpected input 'thumb' (contract enhancer/v1 has only 'packed')",
                "no output named 'rgb' (the model's outputs: 'log2_ratio')",
                "unexpected output 'log2_ratio' (contract enhancer/v1 has only 'rgb')"),
                refusal(ratio, ModelRole.ENHANCER).problems());
    }

    @Test
    void refusesAMissingOrBlankModelVersion() {
        assertEquals(List.of("metadata key 'nightshift.model_version' is missing"),
                problems(withMetadata(tinyEnhancer(), MetadataKeys.MODEL_VERSION, null), ModelRole.ENHANCER));
        assertEquals(List.of("metadata 'nightshift.model_version' is blank"),
                problems(withMetadata(tinyEnhancer(), MetadataKeys.MODEL_VERSION, " "), ModelRole.ENHANCER));
    }

    // ------------------------------------------------------------------ names

    @Test
    void refusesAWronglyNamedInput() {
        ModelProto model = withInput(tinyEnhancer(), v -> v.setName("input"));
        assertEquals(List.of("no input named 'packed' (the model's inputs: 'input')",
                "unexpected input 'input' (contract enhancer/v1 has only 'packed')"),
                refusal(model, ModelRole.ENHANCER).problems());
    }

    @Test
    void refusesAnExtraInputAndAnExtraOutput() {
        ModelProto.Builder b = tinyEnhancer().toBuilder();
        b.getGraphBuilder().addInput(tinyEnhancer().getGraph().getInput(0).toBuilder().setName("mask"));
        b.getGraphBuilder().addOutput(tinyEnhancer().getGraph().getOutput(0).toBuilder().setName("noise"));
        assertEquals(List.of("unexpected input 'mask' (contract enhancer/v1 has only 'packed')",
                "unexpected output 'noise' (contract enhancer/v1 has only 'rgb')"),
                problems(b.build(), ModelRole.ENHANCER));
    }

    @Test
    void refusesAWronglyNamedOutputAndAModelWithoutOutputs() {
        assertEquals(List.of("no output named 'rgb' (the model's outputs: 'output')",
                "unexpected output 'output' (contract enhancer/v1 has only 'rgb')"),
                problems(withOutput(tinyEnhancer(), v -> v.setName("output")), ModelRole.ENHANCER));
        ModelProto.Builder none = tinyEnhancer().toBuilder();
        none.getGraphBuilder().clearOutput();
        assertEquals(List.of("no output named 'rgb' (the model's outputs: none)"),
                problems(none.build(), ModelRole.ENHANCER));
    }

    // ------------------------------------------------------------------ types

    @Test
    void refusesFloat16InputsAndOutputs() {
        ModelProto model = withInput(tinyEnhancer(), v -> {
            v.getTypeBuilder().getTensorTypeBuilder().setElemType(10);
            return v;
        });
        model = withOutput(model, v -> {
            v.getTypeBuilder().getTensorTypeBuilder().setElemType(10);
            return v;
        });
        assertEquals(List.of("input 'packed' is float16, contract needs float32 (an FP16 model casts inside)",
                "output 'rgb' is float16, contract needs float32 (an FP16 model casts inside)"),
                refusal(model, ModelRole.ENHANCER).problems());
    }

    @Test
    void refusesOtherElementTypesAndNonTensors() {
        ModelProto int64 = withInput(tinyEnhancer(), v -> {
            v.getTypeBuilder().getTensorTypeBuilder().setElemType(7);
            return v;
        });
        assertEquals(List.of("input 'packed' is int64, contract needs float32"), problems(int64, ModelRole.ENHANCER));
        ModelProto sequence = withOutput(tinyEnhancer(), v -> v.setType(TypeProto.newBuilder()
                .setSequenceType(TypeProto.Sequence.newBuilder().setElemType(tinyEnhancer().getGraph().getOutput(0).getType()))));
        assertEquals(List.of("output 'rgb' is not a tensor, contract needs float32",
                "output 'rgb' declares no shape, contract needs rank 4 [N, 3, 2h, 2w]"),
                problems(sequence, ModelRole.ENHANCER));
    }

    // ------------------------------------------------------------------ ranks and dimensions

    @Test
    void refusesAWrongRankAndAMissingShape() {
        ModelProto rank3 = withInput(tinyEnhancer(), v -> {
            v.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().removeDim(0);
            return v;
        });
        assertEquals(List.of("input 'packed' has rank 3 [4, ?, ?], contract needs rank 4 [N, 4, h, w]"),
                refusal(rank3, ModelRole.ENHANCER).problems());
        ModelProto noShape = withOutput(tinyEnhancer(), v -> {
            v.getTypeBuilder().getTensorTypeBuilder().clearShape();
            return v;
        });
        assertEquals(List.of("output 'rgb' declares no shape, contract needs rank 4 [N, 3, 2h, 2w]"),
                problems(noShape, ModelRole.ENHANCER));
    }

    @Test
    void refusesWrongFixedDimensions() {
        ModelProto threeChannels = withInput(tinyEnhancer(), v -> dim(v, 1, fixed(3)));
        assertEquals(List.of("input 'packed' dimension 1 (C) is 3, contract [N, 4, h, w] needs 4"),
                problems(threeChannels, ModelRole.ENHANCER));
        ModelProto ratio = RatioNetwork.random(RatioNetworkConfig.defaults(), 1, ExportOptions.of("r"));
        ModelProto smallThumb = withInput(ratio, v -> dim(dim(v, 2, fixed(32)), 3, fixed(32)));
        assertEquals(List.of("input 'thumb' dimension 2 (H) is 32, contract [N, 3, 64, 64] needs 64",
                "input 'thumb' dimension 3 (W) is 32, contract [N, 3, 64, 64] needs 64"),
                problems(smallThumb, ModelRole.RATIO_ESTIMATOR));
        ModelProto twoOutputs = withOutput(ratio, v -> dim(v, 1, fixed(2)));
        assertEquals(List.of("output 'log2_ratio' dimension 1 (1) is 2, contract [N, 1] needs 1"),
                problems(twoOutputs, ModelRole.RATIO_ESTIMATOR));
    }

    @Test
    void refusesFixedSizesWhereTheContractIsDynamic() {
        ModelProto fixedTile = withInput(tinyEnhancer(), v -> dim(dim(v, 2, fixed(512)), 0, fixed(1)));
        assertEquals(List.of("input 'packed' dimension 0 (N) is fixed at 1, contract [N, 4, h, w] needs it dynamic",
                "input 'packed' dimension 2 (h) is fixed at 512, contract [N, 4, h, w] needs it dynamic"),
                refusal(fixedTile, ModelRole.ENHANCER).problems());
    }

    @Test
    void acceptsDynamicDimensionsWhereTheContractFixesThem() {
        // a free channel or thumb dimension can still take the contract's size
        ModelProto model = withInput(tinyEnhancer(), v -> dim(v, 1, TensorShapeProto.Dimension.newBuilder().setDimParam("C").build()));
        assertEquals(List.of(), problems(model, ModelRole.ENHANCER));
    }

    @Test
    void reportsEveryProblemInOneMessage() {
        ModelProto model = withMetadata(withInput(tinyEnhancer(), v -> v.setName("x")), MetadataKeys.MODEL_VERSION, null);
        ContractViolationException e = refusal(model, ModelRole.ENHANCER);
        assertEquals("model does not fit contract enhancer/v1: metadata key 'nightshift.model_version' is missing; "
                + "no input named 'packed' (the model's inputs: 'x'); "
                + "unexpected input 'x' (contract enhancer/v1 has only 'packed')", e.getMessage());
        assertEquals("enhancer/v1", e.contract());
    }

    // ------------------------------------------------------------------ not a model

    @Test
    void refusesBytesThatAreNoOnnxModel() {
        ContractViolationException garbage = assertThrows(ContractViolationException.class,
                () -> ContractValidator.validate("not a model at all".getBytes(StandardCharsets.UTF_8), ModelRole.ENHANCER));
        assertTrue(garbage.getMessage().startsWith("model does not fit contract v1: the bytes are not an ONNX model ("),
                garbage.getMessage());
        ContractViolationException empty = assertThrows(ContractViolationException.class,
                () -> ContractValidator.validate(new byte[0], ModelRole.ENHANCER));
        assertEquals("model does not fit contract v1: the model has no graph (is this an ONNX model?)", empty.getMessage());
    }

    // ------------------------------------------------------------------ what ONNX Runtime reports

    @Test
    void validatesWhatOnnxRuntimeReportsForALoadedSession() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        ModelProto good = EnhancerNetwork.random(UNetConfig.sid(2, 4), 1, ExportOptions.of("e1").withPrecision(Precision.FP16));
        try (OrtSession session = env.createSession(good.toByteArray())) {
            ModelSignature signature = OrtSignatures.of(session);
            assertEquals(List.of(), ContractValidator.problems(signature, ModelRole.ENHANCER));
            assertEquals(PortSignature.tensor("packed", ElementType.FLOAT32, -1, 4, -1, -1), signature.input("packed").orElseThrow());
            assertEquals("e1", signature.metadata(MetadataKeys.MODEL_VERSION).orElseThrow());
        }
        ModelProto ratio = RatioNetwork.random(RatioNetworkConfig.defaults(), 1, ExportOptions.of("r"));
        try (OrtSession session = env.createSession(ratio.toByteArray())) {
            List<String> fromRuntime = ContractValidator.problems(OrtSignatures.of(session), ModelRole.ENHANCER);
            assertEquals(problems(ratio, ModelRole.ENHANCER), fromRuntime);
            assertEquals(5, fromRuntime.size());
        }
    }

    @Test
    void mapsOnnxRuntimeTypesByNameNotByItsOwnNumbering() {
        assertEquals(ElementType.FLOAT32, OrtSignatures.elementType(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT));
        assertEquals(ElementType.FLOAT16, OrtSignatures.elementType(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16));
        assertEquals(ElementType.FLOAT64, OrtSignatures.elementType(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE));
        assertEquals(ElementType.INT64, OrtSignatures.elementType(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64));
        assertEquals(ElementType.OTHER, OrtSignatures.elementType(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT8E5M2));
        for (OnnxTensorType t : OnnxTensorType.values()) {
            ElementType mapped = OrtSignatures.elementType(t);
            if (mapped != ElementType.OTHER && mapped != ElementType.UNDEFINED) {
                assertEquals(t.name(), "ONNX_TENSOR_ELEMENT_DATA_TYPE_" + (mapped == ElementType.FLOAT32 ? "FLOAT"
                        : mapped == ElementType.FLOAT64 ? "DOUBLE" : mapped.name()));
            }
        }
    }
}
