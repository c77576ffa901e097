package io.nightshift.contract.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import shade.com.google.protobuf.ByteString;

/**
 * Writes ONNX graphs of the operators the Nightshift networks use (Conv, LeakyRelu, Relu,
 * BatchNormalization, MaxPool, GlobalAveragePool, Flatten, Gemm, Add, Mul, Log, DepthToSpace in CRD mode,
 * Concat, Cast, and for the ratio CNN's exposure prior Reshape, TopK, ReduceMin, Max, Clip), with weights from
 * float arrays and {@code metadata_props}. Opset {@value #OPSET},
 * IR version {@value #IR_VERSION}.
 *
 * <p>Values are named by strings; every operator method returns the name of its output. With
 * {@link Precision#FP16} every initializer is stored as float16 and the graph's inputs and outputs
 * stay float32, with a Cast after each input and before each output, so the same calls build both
 * variants.
 */
public final class OnnxGraphBuilder {

    /** The ONNX opset the graphs import (default domain). */
    public static final int OPSET = 17;
    /** The ONNX IR version written (IR 8 goes with opset 17). */
    public static final int IR_VERSION = 8;
    public static final String PRODUCER = "nightshift-model-contract";

    private final String graphName;
    private final Precision precision;
    private final List<NodeProto.Builder> nodes = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();
    private final List<ValueInfoProto> inputs = new ArrayList<>();
    private final List<ValueInfoProto> outputs = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();
    private final Map<String, Integer> counters = new LinkedHashMap<>();

    public OnnxGraphBuilder(String graphName, Precision precision) {
        if (precision == Precision.INT8) {
            throw new IllegalArgumentException("INT8 graphs are FP32 graphs quantized by QdqQuantizer, not built");
        }
        this.graphName = graphName;
        this.precision = precision;
    }

    public Precision precision() {
        return precision;
    }

    /** The element type of values inside the graph: float, or float16 for an FP16 graph. */
    private int computeType() {
        return precision == Precision.FP16 ? TensorProto.DataType.FLOAT16_VALUE : TensorProto.DataType.FLOAT_VALUE;
    }

    // ---------------------------------------------------------------- inputs, outputs, weights, metadata

    /**
     * Declares a float32 graph input; returns the value to compute with (the input itself, or in FP16
     * its cast to float16).
     */
    public String input(String name, Dim... dims) {
        claim(name);
        inputs.add(valueInfo(name, TensorProto.DataType.FLOAT_VALUE, dims));
        return precision == Precision.FP16 ? cast(name, TensorProto.DataType.FLOAT16_VALUE) : name;
    }

    /**
     * Makes {@code value} the float32 graph output {@code name}: in FP32 the value is renamed
     * (in every node that produces or uses it), in FP16 a Cast to float32 produces it.
     */
    public void output(String value, String name, Dim... dims) {
        if (precision == Precision.FP16) {
            claim(name);
            nodes.add(node("Cast", List.of(value), name).addAttribute(intAttribute("to", TensorProto.DataType.FLOAT_VALUE)));
        } else if (!value.equals(name)) {
            claim(name);
            rename(value, name);
        }
        outputs.add(valueInfo(name, TensorProto.DataType.FLOAT_VALUE, dims));
    }

    /** A weight tensor (stored as float16 in an FP16 graph); returns its name. */
    public String initializer(String name, float[] values, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException("initializer '" + name + "' of shape " + Arrays.toString(dims)
                    + " needs " + count + " values, got " + values.length);
        }
        claim(name);
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(computeType());
        for (long d : dims) {
            tensor.addDims(d);
        }
        tensor.setRawData(ByteString.copyFrom(precision == Precision.FP16 ? halfBytes(values) : floatBytes(values)));
        initializers.add(tensor.build());
        return name;
    }

    /** An int64 constant (shapes, counts: never converted to float16); returns its name. */
    private String longInitializer(String name, long[] values, long... dims) {
        claim(name);
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE);
        for (long d : dims) {
            tensor.addDims(d);
        }
        for (long v : values) {
            tensor.addInt64Data(v);
        }
        initializers.add(tensor.build());
        return name;
    }

    /** A {@code metadata_props} entry (a later call with the same key replaces the value). */
    public OnnxGraphBuilder metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    // ---------------------------------------------------------------- operators

    /** Conv with square kernel, equal padding on all sides, stride 1. {@code bias} may be null. */
    public String conv(String x, String weight, String bias, int kernel, int pad) {
        return conv(x, weight, bias, kernel, pad, 1);
    }

    /** Conv with square kernel, equal padding on all sides and the given stride. {@code bias} may be null. */
    public String conv(String x, String weight, String bias, int kernel, int pad, int stride) {
        List<String> in = bias == null ? List.of(x, weight) : List.of(x, weight, bias);
        String out = fresh("conv");
        nodes.add(node("Conv", in, out)
                .addAttribute(intsAttribute("kernel_shape", kernel, kernel))
                .addAttribute(intsAttribute("pads", pad, pad, pad, pad))
                .addAttribute(intsAttribute("strides", stride, stride)));
        return out;
    }

    public String leakyRelu(String x, float alpha) {
        String out = fresh("leaky_relu");
        nodes.add(node("LeakyRelu", List.of(x), out).addAttribute(floatAttribute("alpha", alpha)));
        return out;
    }

    public String relu(String x) {
        return simple("Relu", "relu", x);
    }

    /** BatchNormalization in inference mode (running statistics). */
    public String batchNormalization(String x, String scale, String bias, String mean, String variance, float epsilon) {
        String out = fresh("batch_norm");
        nodes.add(node("BatchNormalization", List.of(x, scale, bias, mean, variance), out)
                .addAttribute(floatAttribute("epsilon", epsilon)));
        return out;
    }

    /** MaxPool with a square window, no padding. */
    public String maxPool(String x, int kernel, int stride) {
        String out = fresh("max_pool");
        nodes.add(node("MaxPool", List.of(x), out)
                .addAttribute(intsAttribute("kernel_shape", kernel, kernel))
                .addAttribute(intsAttribute("strides", stride, stride)));
        return out;
    }

    public String globalAveragePool(String x) {
        return simple("GlobalAveragePool", "global_avg_pool", x);
    }

    public String flatten(String x, int axis) {
        String out = fresh("flatten");
        nodes.add(node("Flatten", List.of(x), out).addAttribute(intAttribute("axis", axis)));
        return out;
    }

    /**
     * Gemm {@code Y = A·B' + C} with {@code B' = Bᵀ} when {@code transB} (the layout of a
     * PyTorch/DJL linear layer's weight, {@code [out, in]}). {@code c} may be null.
     */
    public String gemm(String a, String b, String c, boolean transB) {
        List<String> in = c == null ? List.of(a, b) : List.of(a, b, c);
        String out = fresh("gemm");
        nodes.add(node("Gemm", in, out).addAttribute(intAttribute("transB", transB ? 1 : 0)));
        return out;
    }

    public String add(String a, String b) {
        String out = fresh("add");
        nodes.add(node("Add", List.of(a, b), out));
        return out;
    }

    public String mul(String a, String b) {
        String out = fresh("mul");
        nodes.add(node("Mul", List.of(a, b), out));
        return out;
    }

    public String div(String a, String b) {
        String out = fresh("div");
        nodes.add(node("Div", List.of(a, b), out));
        return out;
    }

    /** Natural logarithm, element-wise. */
    public String log(String x) {
        return simple("Log", "log", x);
    }

    /** Reshape to {@code shape} (ONNX rules: 0 keeps that dimension, −1 takes what is left). */
    public String reshape(String x, long... shape) {
        String out = fresh("reshape");
        String target = longInitializer(out + ".shape", shape, shape.length);
        nodes.add(node("Reshape", List.of(x, target), out));
        return out;
    }

    /** The {@code k} largest values along {@code axis}, in descending order (TopK's indices are not used). */
    public String topK(String x, int k, int axis) {
        String out = fresh("top_k");
        String count = longInitializer(out + ".k", new long[] {k}, 1);
        nodes.add(node("TopK", List.of(x, count), out).addOutput(out + ".indices")
                .addAttribute(intAttribute("axis", axis))
                .addAttribute(intAttribute("largest", 1))
                .addAttribute(intAttribute("sorted", 1)));
        return out;
    }

    /** The minimum along {@code axis}, which stays as a dimension of size 1. */
    public String reduceMin(String x, int axis) {
        String out = fresh("reduce_min");
        nodes.add(node("ReduceMin", List.of(x), out)
                .addAttribute(intsAttribute("axes", axis))
                .addAttribute(intAttribute("keepdims", 1)));
        return out;
    }

    /** Element-wise maximum (broadcasting). */
    public String max(String a, String b) {
        String out = fresh("max");
        nodes.add(node("Max", List.of(a, b), out));
        return out;
    }

    /** Clip to {@code [min, max]}, both values of the graph's compute type (e.g. initializers). */
    public String clip(String x, String min, String max) {
        String out = fresh("clip");
        nodes.add(node("Clip", List.of(x, min, max), out));
        return out;
    }

    /**
     * DepthToSpace in CRD mode (PyTorch's pixel_shuffle): output channel {@code c} at
     * {@code (y·b + i, x·b + j)} is input channel {@code c·b² + i·b + j} at {@code (y, x)}.
     */
    public String depthToSpace(String x, int blockSize) {
        String out = fresh("depth_to_space");
        nodes.add(node("DepthToSpace", List.of(x), out)
                .addAttribute(intAttribute("blocksize", blockSize))
                .addAttribute(stringAttribute("mode", "CRD")));
        return out;
    }

    public String concat(int axis, String... xs) {
        String out = fresh("concat");
        nodes.add(node("Concat", List.of(xs), out).addAttribute(intAttribute("axis", axis)));
        return out;
    }

    /** Cast to an ONNX {@code TensorProto.DataType} number (1 float, 10 float16…). */
    public String cast(String x, int onnxDataType) {
        String out = fresh("cast");
        nodes.add(node("Cast", List.of(x), out).addAttribute(intAttribute("to", onnxDataType)));
        return out;
    }

    // ---------------------------------------------------------------- building

    public ModelProto build() {
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new IllegalStateException("graph '" + graphName + "' needs at least one input and one output");
        }
        GraphProto.Builder graph = GraphProto.newBuilder().setName(graphName);
        for (NodeProto.Builder n : nodes) {
            graph.addNode(n.build());
        }
        graph.addAllInitializer(initializers).addAllInput(inputs).addAllOutput(outputs);
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(PRODUCER)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        metadata.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    public byte[] toBytes() {
        return build().toByteArray();
    }

    public void writeTo(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            build().writeTo(out);
        }
    }

    // ---------------------------------------------------------------- internals

    private String simple(String op, String prefix, String x) {
        String out = fresh(prefix);
        nodes.add(node(op, List.of(x), out));
        return out;
    }

    private NodeProto.Builder node(String op, List<String> in, String out) {
        return NodeProto.newBuilder().setOpType(op).setName(out).addAllInput(in).addOutput(out);
    }

    private String fresh(String prefix) {
        String name;
        do {
            int n = counters.merge(prefix, 1, Integer::sum);
            name = prefix + "_" + n;
        } while (names.contains(name));
        names.add(name);
        return name;
    }

    private void claim(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("the name '" + name + "' is already used in graph '" + graphName + "'");
        }
    }

    private void rename(String from, String to) {
        for (NodeProto.Builder n : nodes) {
            for (int i = 0; i < n.getInputCount(); i++) {
                if (n.getInput(i).equals(from)) {
                    n.setInput(i, to);
                }
            }
            for (int i = 0; i < n.getOutputCount(); i++) {
                if (n.getOutput(i).equals(from)) {
                    n.setOutput(i, to);
                }
            }
        }
        names.remove(from);
    }

    private static ValueInfoProto valueInfo(String name, int elemType, Dim... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Dim d : dims) {
            shape.addDim(d.isFixed()
                    ? TensorShapeProto.Dimension.newBuilder().setDimValue(d.size())
                    : TensorShapeProto.Dimension.newBuilder().setDimParam(d.param()));
        }
        TypeProto type = TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))
                .build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }

    private static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    private static AttributeProto stringAttribute(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    private static byte[] floatBytes(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    private static byte[] halfBytes(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Short.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putShort(Float16.fromFloat(v));
        }
        return buffer.array();
    }
}
