package io.nightshift.contract.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.nightshift.contract.ContractV1;
import io.nightshift.contract.MetadataKeys;
import io.nightshift.contract.ModelRole;
import io.nightshift.contract.validation.ProtoSignatures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several ratio estimators of contract {@code ratio/v1} as one: each member's graph copied under its own prefix
 * ({@code m0/}, {@code m1/}, …), all reading the one {@code thumb} input, and {@code log2_ratio} the mean of their
 * outputs. The result is an ordinary {@code ratio/v1} model (same input, same output), so workers load it as they
 * load one network; it costs the members' sum (a few MFLOP each).
 */
public final class RatioEnsemble {

    private RatioEnsemble() {
    }

    /**
     * @param members      ratio/v1 models (FP32), at least two
     * @param modelVersion the ensemble's {@code nightshift.model_version}
     * @param metadata     further metadata (provenance, metrics); the contract keys are set here
     */
    public static ModelProto of(List<ModelProto> members, String modelVersion, Map<String, String> metadata) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least two members, got " + members.size());
        }
        GraphProto.Builder graph = GraphProto.newBuilder().setName("nightshift_ratio_ensemble");
        ValueInfoProto input = null;
        ValueInfoProto output = null;
        String architecture = null;
        NodeProto.Builder sum = NodeProto.newBuilder().setOpType("Sum").setName("ensemble/sum")
                .addOutput("ensemble/sum");
        for (int k = 0; k < members.size(); k++) {
            ModelProto m = members.get(k);
            Map<String, String> meta = ProtoSignatures.of(m).metadata();
            if (!ModelRole.RATIO_ESTIMATOR.contractKey().equals(meta.get(MetadataKeys.CONTRACT))) {
                throw new IllegalArgumentException("member " + k + " is not a " + ModelRole.RATIO_ESTIMATOR.contractKey()
                        + " model: " + meta.get(MetadataKeys.CONTRACT));
            }
            if (!Precision.FP32.metadataValue().equals(meta.get(MetadataKeys.PRECISION))) {
                throw new IllegalArgumentException("member " + k + " is " + meta.get(MetadataKeys.PRECISION)
                        + "; ensembles are made of FP32 members");
            }
            String memberArchitecture = meta.get(MetadataKeys.ARCHITECTURE);
            architecture = architecture == null || architecture.equals(memberArchitecture) ? memberArchitecture
                    : "mixed";
            GraphProto g = m.getGraph();
            if (g.getInputCount() != 1 || !g.getInput(0).getName().equals(ContractV1.RATIO_INPUT)
                    || g.getOutputCount() != 1 || !g.getOutput(0).getName().equals(ContractV1.RATIO_OUTPUT)) {
                throw new IllegalArgumentException("member " + k + " does not have the contract's one input '"
                        + ContractV1.RATIO_INPUT + "' and one output '" + ContractV1.RATIO_OUTPUT + "'");
            }
            input = input == null ? g.getInput(0) : input;
            output = output == null ? g.getOutput(0) : output;
            String prefix = "m" + k + "/";
            for (TensorProto t : g.getInitializerList()) {
                graph.addInitializer(t.toBuilder().setName(prefix + t.getName()));
            }
            for (NodeProto n : g.getNodeList()) {
                if (n.getAttributeList().stream().anyMatch(a -> a.getType() == AttributeProto.AttributeType.GRAPH
                        || a.getType() == AttributeProto.AttributeType.GRAPHS)) {
                    throw new IllegalArgumentException("member " + k + " has a subgraph (" + n.getOpType()
                            + "); ratio networks have none");
                }
                NodeProto.Builder b = n.toBuilder().setName(prefix + n.getName()).clearInput().clearOutput();
                n.getInputList().forEach(v -> b.addInput(rename(v, prefix)));
                n.getOutputList().forEach(v -> b.addOutput(rename(v, prefix)));
                graph.addNode(b);
            }
            for (ValueInfoProto v : g.getValueInfoList()) {
                graph.addValueInfo(v.toBuilder().setName(rename(v.getName(), prefix)));
            }
            sum.addInput(prefix + ContractV1.RATIO_OUTPUT);
        }
        graph.addNode(sum);
        graph.addInitializer(TensorProto.newBuilder().setName("ensemble/scale").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addFloatData(1f / members.size()));
        graph.addNode(NodeProto.newBuilder().setOpType("Mul").setName("ensemble/mean").addInput("ensemble/sum")
                .addInput("ensemble/scale").addOutput(ContractV1.RATIO_OUTPUT));
        graph.addInput(input).addOutput(output);

        ModelProto first = members.get(0);
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(first.getIrVersion())
                .setProducerName(OnnxGraphBuilder.PRODUCER).addAllOpsetImport(first.getOpsetImportList())
                .setGraph(graph);
        Map<String, String> out = new LinkedHashMap<>();
        out.put(MetadataKeys.CONTRACT, ModelRole.RATIO_ESTIMATOR.contractKey());
        out.put(MetadataKeys.MODEL_VERSION, modelVersion);
        out.put(MetadataKeys.ARCHITECTURE, "ensemble " + members.size() + " × " + architecture);
        out.put(MetadataKeys.PRECISION, Precision.FP32.metadataValue());
        metadata.forEach(out::putIfAbsent);
        out.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    private static String rename(String value, String prefix) {
        return value.isEmpty() || value.equals(ContractV1.RATIO_INPUT) ? value : prefix + value;
    }
}
