package io.nightshift.contract.onnx.quant;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.nightshift.contract.MetadataKeys;
import io.nightshift.contract.onnx.Precision;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import shade.com.google.protobuf.ByteString;

/**
 * Rewrites an FP32 graph into ONNX's QDQ format (QuantizeLinear → DequantizeLinear pairs around float operators),
 * the form ONNX Runtime's graph optimizer fuses into integer kernels (a Conv between DequantizeLinear inputs and
 * a QuantizeLinear output becomes QLinearConv; LeakyRelu, MaxPool, Concat likewise):
 * <ul>
 *   <li>every Conv with a constant weight, unless its weight is named in {@link Options#floatWeights()}: weights
 *       int8, symmetric, one scale per output channel ({@code axis 0}, zero point 0, −127…127 so that U8S8 sums
 *       never saturate); bias int32 with scale {@code input scale × weight scale} of its channel, zero point 0 —
 *       what QLinearConv takes as its bias;</li>
 *   <li>activations: the input and output of each quantized Conv, and the output of each LeakyRelu, Relu,
 *       MaxPool, Concat and DepthToSpace whose inputs are all quantized, one Q→DQ pair per tensor (every consumer
 *       reads the DequantizeLinear), uint8 asymmetric or int8 symmetric ({@link ActivationType}), with the
 *       calibrated ranges;</li>
 *   <li>graph inputs and outputs stay float32 (the contract's ports are unchanged); nodes kept in FP32 read the
 *       dequantized tensors;</li>
 *   <li>metadata: {@code nightshift.precision = int8}, the rest kept.</li>
 * </ul>
 * Which tensors need a range is {@link #activationTensors}; {@link RangeCalibrator} measures them.
 */
public final class QdqQuantizer {

    private static final Set<String> PASS_THROUGH = Set.of("LeakyRelu", "Relu", "MaxPool", "Concat", "DepthToSpace");

    /**
     * @param floatWeights weight initializers whose Conv stays in FP32 (e.g. the enhancer's head)
     * @param activations  uint8 or int8 activations
     */
    public record Options(Set<String> floatWeights, ActivationType activations) {
        public Options {
            floatWeights = Set.copyOf(floatWeights);
        }
    }

    private final ModelProto model;
    private final GraphProto graph;
    private final Options options;
    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final Set<NodeProto> quantizedConvs = new HashSet<>();
    private final Set<String> quantizedTensors = new LinkedHashSet<>();

    public QdqQuantizer(ModelProto fp32, Options options) {
        this.model = fp32;
        this.graph = fp32.getGraph();
        this.options = options;
        String precision = metadata(fp32, MetadataKeys.PRECISION);
        if (precision != null && !precision.equals(Precision.FP32.metadataValue())) {
            throw new IllegalArgumentException("only an FP32 graph can be quantized, this one is " + precision);
        }
        for (TensorProto t : graph.getInitializerList()) {
            initializers.put(t.getName(), t);
        }
        plan();
    }

    /** The activation tensors that get a Q→DQ pair, in graph order: the ranges {@link #quantize} needs. */
    public List<String> activationTensors() {
        return List.copyOf(quantizedTensors);
    }

    /** How many Conv nodes are quantized, and how many stay FP32. */
    public int quantizedConvCount() {
        return quantizedConvs.size();
    }

    private void plan() {
        Set<String> outputs = new HashSet<>();
        for (ValueInfoProto o : graph.getOutputList()) {
            outputs.add(o.getName());
        }
        for (NodeProto n : graph.getNodeList()) {
            if (n.getOpType().equals("Conv") && initializers.containsKey(n.getInput(1))
                    && !options.floatWeights().contains(n.getInput(1)) && !outputs.contains(n.getOutput(0))) {
                quantizedConvs.add(n);
            }
        }
        Set<String> marked = new HashSet<>();
        for (NodeProto n : quantizedConvs) {
            marked.add(n.getInput(0));
            marked.add(n.getOutput(0));
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (NodeProto n : graph.getNodeList()) {
                if (PASS_THROUGH.contains(n.getOpType()) && !marked.contains(n.getOutput(0))
                        && !outputs.contains(n.getOutput(0)) && marked.containsAll(n.getInputList())) {
                    marked.add(n.getOutput(0));
                    changed = true;
                }
            }
        }
        for (ValueInfoProto in : graph.getInputList()) {
            if (marked.contains(in.getName())) {
                quantizedTensors.add(in.getName());
            }
        }
        for (NodeProto n : graph.getNodeList()) {
            for (String out : n.getOutputList()) {
                if (marked.contains(out)) {
                    quantizedTensors.add(out);
                }
            }
        }
    }

    /**
     * The QDQ graph.
     *
     * @param ranges a range for each of {@link #activationTensors()}
     */
    public ModelProto quantize(Map<String, ActivationRange> ranges) {
        Map<String, ActivationRange.QuantParams> params = new HashMap<>();
        for (String t : quantizedTensors) {
            ActivationRange r = ranges.get(t);
            if (r == null) {
                throw new IllegalArgumentException("no calibrated range for tensor '" + t + "'");
            }
            params.put(t, options.activations() == ActivationType.UINT8 ? r.uint8() : r.int8());
        }
        for (NodeProto n : graph.getNodeList()) {
            if (movesQuantized(n)) {
                params.put(n.getOutput(0), params.get(n.getInput(0)));
            }
        }
        GraphProto.Builder out = graph.toBuilder().clearNode().clearInitializer();
        Set<String> replaced = new HashSet<>();
        for (NodeProto n : quantizedConvs) {
            replaced.add(n.getInput(1));
            if (n.getInputCount() > 2) {
                replaced.add(n.getInput(2));
            }
        }
        for (TensorProto t : graph.getInitializerList()) {
            if (!replaced.contains(t.getName())) {
                out.addInitializer(t);
            }
        }
        for (ValueInfoProto in : graph.getInputList()) {
            if (quantizedTensors.contains(in.getName())) {
                addActivationQdq(out, in.getName(), params.get(in.getName()));
            }
        }
        for (NodeProto n : graph.getNodeList()) {
            if (movesQuantized(n)) {
                addQuantizedRearrangement(out, n);
                continue;
            }
            NodeProto.Builder node = n.toBuilder();
            for (int i = 0; i < node.getInputCount(); i++) {
                if (quantizedTensors.contains(node.getInput(i))) {
                    node.setInput(i, dequantized(node.getInput(i)));
                }
            }
            if (quantizedConvs.contains(n)) {
                float inputScale = params.get(n.getInput(0)).scale();
                node.setInput(1, addWeightDq(out, initializers.get(n.getInput(1)), inputScale, n));
                if (n.getInputCount() > 2) {
                    node.setInput(2, addBiasDq(out, initializers.get(n.getInput(2)), inputScale));
                }
            }
            out.addNode(node);
            for (String o : n.getOutputList()) {
                if (quantizedTensors.contains(o)) {
                    addActivationQdq(out, o, params.get(o));
                }
            }
        }
        ModelProto.Builder quantized = model.toBuilder().setGraph(out).clearMetadataProps();
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            if (!e.getKey().equals(MetadataKeys.PRECISION)) {
                quantized.addMetadataProps(e);
            }
        }
        quantized.addMetadataProps(StringStringEntryProto.newBuilder().setKey(MetadataKeys.PRECISION)
                .setValue(Precision.INT8.metadataValue()));
        return quantized.build();
    }

    // ---------------------------------------------------------------- activations

    /**
     * DepthToSpace only moves values: between a quantized input and output it runs on the quantized tensor
     * itself ({@code Q → DepthToSpace → DQ}, with the input's scale), instead of in float between a DQ and a new
     * Q — ONNX Runtime does not drop QDQ around it, and a float DepthToSpace costs a fifth of the INT8 run.
     */
    private boolean movesQuantized(NodeProto n) {
        return n.getOpType().equals("DepthToSpace") && quantizedTensors.contains(n.getInput(0))
                && quantizedTensors.contains(n.getOutput(0));
    }

    private void addQuantizedRearrangement(GraphProto.Builder out, NodeProto n) {
        String in = n.getInput(0);
        String result = n.getOutput(0);
        out.addNode(n.toBuilder().setName(result + "_q").setInput(0, in + "_q").setOutput(0, result + "_q"));
        out.addNode(NodeProto.newBuilder().setOpType("DequantizeLinear").setName(dequantized(result))
                .addInput(result + "_q").addInput(in + "_scale").addInput(in + "_zero_point")
                .addOutput(dequantized(result)));
    }

    private static String dequantized(String tensor) {
        return tensor + "_dq";
    }

    private void addActivationQdq(GraphProto.Builder out, String tensor, ActivationRange.QuantParams p) {
        String scale = tensor + "_scale";
        String zeroPoint = tensor + "_zero_point";
        out.addInitializer(floatTensor(scale, new float[] {p.scale()}));
        out.addInitializer(options.activations() == ActivationType.UINT8
                ? byteTensor(zeroPoint, TensorProto.DataType.UINT8_VALUE, new byte[] {(byte) p.zeroPoint()})
                : byteTensor(zeroPoint, TensorProto.DataType.INT8_VALUE, new byte[] {(byte) p.zeroPoint()}));
        String q = tensor + "_q";
        out.addNode(NodeProto.newBuilder().setOpType("QuantizeLinear").setName(q)
                .addInput(tensor).addInput(scale).addInput(zeroPoint).addOutput(q));
        out.addNode(NodeProto.newBuilder().setOpType("DequantizeLinear").setName(dequantized(tensor))
                .addInput(q).addInput(scale).addInput(zeroPoint).addOutput(dequantized(tensor)));
    }

    // ---------------------------------------------------------------- weights and biases

    private float[] weightScales;

    /** int8 per-channel weight and its DequantizeLinear; remembers the scales for the bias. */
    private String addWeightDq(GraphProto.Builder out, TensorProto weight, float inputScale, NodeProto conv) {
        float[] w = Initializers.floats(weight);
        int channels = Math.toIntExact(weight.getDims(0));
        int perChannel = w.length / channels;
        float[] scales = new float[channels];
        byte[] q = new byte[w.length];
        for (int c = 0; c < channels; c++) {
            float bound = 0;
            for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                bound = Math.max(bound, Math.abs(w[i]));
            }
            scales[c] = bound == 0 ? 1f : bound / 127f;
            for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                q[i] = (byte) Math.max(-127, Math.min(127, Math.round(w[i] / scales[c])));
            }
        }
        weightScales = scales;
        String name = weight.getName();
        TensorProto.Builder qw = TensorProto.newBuilder().setName(name + "_quantized")
                .setDataType(TensorProto.DataType.INT8_VALUE).addAllDims(weight.getDimsList())
                .setRawData(ByteString.copyFrom(q));
        out.addInitializer(qw);
        out.addInitializer(floatTensor(name + "_scale", scales, channels));
        out.addInitializer(byteTensor(name + "_zero_point", TensorProto.DataType.INT8_VALUE, new byte[channels],
                channels));
        return addDq(out, name, TensorProto.DataType.INT8_VALUE);
    }

    /** int32 bias with scale input scale × weight scale per channel, and its DequantizeLinear. */
    private String addBiasDq(GraphProto.Builder out, TensorProto bias, float inputScale) {
        float[] b = Initializers.floats(bias);
        float[] scales = new float[b.length];
        ByteBuffer q = ByteBuffer.allocate(b.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < b.length; c++) {
            scales[c] = inputScale * weightScales[c];
            q.putInt((int) Math.max(Integer.MIN_VALUE + 1, Math.min(Integer.MAX_VALUE, Math.round((double) b[c] / scales[c]))));
        }
        String name = bias.getName();
        out.addInitializer(TensorProto.newBuilder().setName(name + "_quantized")
                .setDataType(TensorProto.DataType.INT32_VALUE).addDims(b.length)
                .setRawData(ByteString.copyFrom(q.array())));
        out.addInitializer(floatTensor(name + "_scale", scales, b.length));
        out.addInitializer(TensorProto.newBuilder().setName(name + "_zero_point")
                .setDataType(TensorProto.DataType.INT32_VALUE).addDims(b.length)
                .setRawData(ByteString.copyFrom(new byte[b.length * Integer.BYTES])));
        return addDq(out, name, TensorProto.DataType.INT32_VALUE);
    }

    private static String addDq(GraphProto.Builder out, String name, int type) {
        String dq = name + "_dq";
        out.addNode(NodeProto.newBuilder().setOpType("DequantizeLinear").setName(dq)
                .addInput(name + "_quantized").addInput(name + "_scale").addInput(name + "_zero_point")
                .addOutput(dq)
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT)
                        .setI(0)));
        return dq;
    }

    // ---------------------------------------------------------------- tensors

    private static TensorProto floatTensor(String name, float[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static TensorProto byteTensor(String name, int type, byte[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type)
                .setRawData(ByteString.copyFrom(values));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    static String metadata(ModelProto model, String key) {
        return model.getMetadataPropsList().stream().filter(e -> e.getKey().equals(key))
                .map(StringStringEntryProto::getValue).findFirst().orElse(null);
    }
}
