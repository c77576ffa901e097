package io.nightshift.contract.onnx.quant;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures activation ranges: runs the FP32 graph in ONNX Runtime (CPU) with the wanted intermediate tensors made
 * extra graph outputs, on each calibration input, and keeps per tensor the extremes and an evenly strided
 * subsample of at most {@value #SAMPLES_PER_RUN} values per run, from which {@link RangeMethod} takes its
 * percentiles. Needs ONNX Runtime on the class path.
 */
public final class RangeCalibrator {

    static final int SAMPLES_PER_RUN = 16_384;

    private final byte[] instrumented;
    private final String inputName;
    private final List<String> tensors;
    private final Map<String, Stats> stats = new LinkedHashMap<>();

    /** @param tensors the tensors to measure (e.g. {@link QdqQuantizer#activationTensors()}) */
    public RangeCalibrator(ModelProto fp32, List<String> tensors) {
        GraphProto graph = fp32.getGraph();
        if (graph.getInputCount() != 1) {
            throw new IllegalArgumentException("calibration runs graphs of one input, this one has "
                    + graph.getInputCount());
        }
        this.inputName = graph.getInput(0).getName();
        this.tensors = List.copyOf(tensors);
        Set<String> outputs = new HashSet<>();
        graph.getOutputList().forEach(o -> outputs.add(o.getName()));
        GraphProto.Builder exposed = graph.toBuilder();
        for (String t : tensors) {
            stats.put(t, new Stats());
            if (!outputs.contains(t) && !t.equals(inputName)) {
                exposed.addOutput(ValueInfoProto.newBuilder().setName(t).setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))));
            }
        }
        this.instrumented = fp32.toBuilder().setGraph(exposed).build().toByteArray();
    }

    /** Runs every input once (one session, {@code threads} intra-op threads) and accumulates the statistics. */
    public RangeCalibrator run(Iterable<CalibrationInput> inputs, int threads) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<String> exposed = tensors.stream().filter(t -> !t.equals(inputName)).toList();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            try (OrtSession session = env.createSession(instrumented, options)) {
                for (CalibrationInput input : inputs) {
                    if (stats.containsKey(inputName)) {
                        stats.get(inputName).add(input.values());
                    }
                    if (exposed.isEmpty()) {
                        continue;
                    }
                    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.values()), input.shape());
                            OrtSession.Result result = session.run(Map.of(inputName, x), new HashSet<>(exposed))) {
                        for (String t : exposed) {
                            OnnxValue value = result.get(t).orElseThrow();
                            FloatBuffer buffer = ((OnnxTensor) value).getFloatBuffer();
                            float[] values = new float[buffer.remaining()];
                            buffer.get(values);
                            stats.get(t).add(values);
                        }
                    }
                }
            }
        }
        return this;
    }

    /** The range of each tensor by {@code method}. */
    public Map<String, ActivationRange> ranges(RangeMethod method) {
        Map<String, ActivationRange> ranges = new LinkedHashMap<>();
        stats.forEach((t, s) -> ranges.put(t, s.range(method)));
        return ranges;
    }

    /** Extremes and a strided subsample of one tensor's values over all runs. */
    private static final class Stats {
        private float min = Float.POSITIVE_INFINITY;
        private float max = Float.NEGATIVE_INFINITY;
        private final List<float[]> samples = new ArrayList<>();

        void add(float[] values) {
            int stride = Math.max(1, values.length / SAMPLES_PER_RUN);
            float[] sample = new float[(values.length + stride - 1) / stride];
            for (int i = 0, j = 0; i < values.length; i++) {
                float v = values[i];
                min = Math.min(min, v);
                max = Math.max(max, v);
                if (i % stride == 0) {
                    sample[j++] = v;
                }
            }
            samples.add(sample);
        }

        ActivationRange range(RangeMethod method) {
            if (samples.isEmpty()) {
                throw new IllegalStateException("no calibration run yet");
            }
            if (method.percentile() == 100) {
                return new ActivationRange(min, max);
            }
            float[] all = new float[samples.stream().mapToInt(a -> a.length).sum()];
            int at = 0;
            for (float[] s : samples) {
                System.arraycopy(s, 0, all, at, s.length);
                at += s.length;
            }
            Arrays.sort(all);
            double tail = (100 - method.percentile()) / 100;
            int lo = (int) Math.floor(tail * (all.length - 1));
            int hi = (int) Math.ceil((1 - tail) * (all.length - 1));
            return new ActivationRange(all[lo], all[hi]);
        }
    }
}
