package io.nightshift.contract.validation;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import shade.com.google.protobuf.InvalidProtocolBufferException;

/**
 * Reads a {@link ModelSignature} from the ONNX protobuf itself, without native code (so the trainer
 * can validate its exports before ONNX Runtime ever sees them). Graph inputs that are initializers
 * (older exporters list weights as inputs) are not counted as inputs.
 */
public final class ProtoSignatures {

    private ProtoSignatures() {
    }

    /** The signature of a serialized ONNX model; refuses bytes that are no ONNX model. */
    public static ModelSignature read(byte[] onnx) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(onnx);
        } catch (InvalidProtocolBufferException e) {
            throw new ContractViolationException("v1", "the bytes are not an ONNX model (" + e.getMessage() + ")", e);
        }
        return of(model);
    }

    /** The signature of an ONNX file. */
    public static ModelSignature read(Path onnx) {
        try {
            return read(Files.readAllBytes(onnx));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ONNX model " + onnx, e);
        }
    }

    /** The signature of a parsed ONNX model. */
    public static ModelSignature of(ModelProto model) {
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new ContractViolationException("v1", List.of("the model has no graph (is this an ONNX model?)"));
        }
        GraphProto graph = model.getGraph();
        Set<String> initializers = new HashSet<>();
        for (TensorProto t : graph.getInitializerList()) {
            initializers.add(t.getName());
        }
        List<PortSignature> inputs = new ArrayList<>();
        for (ValueInfoProto v : graph.getInputList()) {
            if (!initializers.contains(v.getName())) {
                inputs.add(port(v));
            }
        }
        List<PortSignature> outputs = new ArrayList<>();
        for (ValueInfoProto v : graph.getOutputList()) {
            outputs.add(port(v));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            metadata.put(e.getKey(), e.getValue());
        }
        return new ModelSignature(inputs, outputs, metadata);
    }

    private static PortSignature port(ValueInfoProto v) {
        TypeProto type = v.getType();
        if (!type.hasTensorType()) {
            return new PortSignature(v.getName(), ElementType.NOT_A_TENSOR, null);
        }
        TypeProto.Tensor tensor = type.getTensorType();
        ElementType element = ElementType.fromOnnx(tensor.getElemType());
        if (!tensor.hasShape()) {
            return new PortSignature(v.getName(), element, null);
        }
        List<Long> dims = new ArrayList<>();
        for (TensorShapeProto.Dimension d : tensor.getShape().getDimList()) {
            dims.add(d.hasDimValue() && d.getDimValue() >= 0 ? d.getDimValue() : PortSignature.DYNAMIC);
        }
        return new PortSignature(v.getName(), element, dims);
    }
}
