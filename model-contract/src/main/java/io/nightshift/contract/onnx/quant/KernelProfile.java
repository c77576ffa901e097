package io.nightshift.contract.onnx.quant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an ONNX Runtime session spent its kernel time, by operator type, read from the JSON trace that
 * {@code SessionOptions.enableProfiling} writes (one event per line; node events carry {@code op_name} and
 * {@code dur} in microseconds): the proof that quantized kernels ({@code QLinearConv}…) run, and what else costs.
 *
 * @param ops operator type → total microseconds and calls, most expensive first
 */
public record KernelProfile(Map<String, OpTime> ops) {

    private static final Pattern DURATION = Pattern.compile("\"dur\" ?: ?(\\d+)");
    private static final Pattern OP = Pattern.compile("\"op_name\" ?: ?\"([^\"]+)\"");

    /** @param micros total kernel time of the type @param calls how many kernel runs */
    public record OpTime(long micros, int calls) {
    }

    public KernelProfile {
        ops = Map.copyOf(ops);
    }

    public static KernelProfile read(Path trace) throws IOException {
        Map<String, long[]> sums = new LinkedHashMap<>();
        for (String line : Files.readAllLines(trace)) {
            if (!line.contains("\"cat\" : \"Node\"") || !line.contains("_kernel_time\"")) {
                continue;
            }
            Matcher d = DURATION.matcher(line);
            Matcher o = OP.matcher(line);
            if (d.find() && o.find()) {
                long[] s = sums.computeIfAbsent(o.group(1), k -> new long[2]);
                s[0] += Long.parseLong(d.group(1));
                s[1]++;
            }
        }
        Map<String, OpTime> ops = new LinkedHashMap<>();
        sums.entrySet().stream().sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0]))
                .forEach(e -> ops.put(e.getKey(), new OpTime(e.getValue()[0], (int) e.getValue()[1])));
        return new KernelProfile(ops);
    }

    /** All kernel time, microseconds. */
    public long totalMicros() {
        return ops.values().stream().mapToLong(OpTime::micros).sum();
    }

    /** The share of kernel time of these operator types, 0…1. */
    public double share(String... types) {
        long total = totalMicros();
        long part = 0;
        for (String t : types) {
            OpTime time = ops.get(t);
            part += time == null ? 0 : time.micros();
        }
        return total == 0 ? 0 : (double) part / total;
    }

    /** Calls of an operator type (0 when it never ran). */
    public int calls(String type) {
        OpTime t = ops.get(type);
        return t == null ? 0 : t.calls();
    }

    /** Operator types, most expensive first. */
    public List<String> types() {
        return ops.entrySet().stream().sorted(Comparator.comparingLong(e -> -e.getValue().micros()))
                .map(Map.Entry::getKey).toList();
    }

    /** {@code {"QLinearConv":61.2,"Transpose":11.8,…}}: percent of kernel time per type, most expensive first. */
    public String sharesJson() {
        StringBuilder json = new StringBuilder("{");
        long total = totalMicros();
        for (String t : types()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(t).append("\":")
                    .append(String.format(java.util.Locale.ROOT, "%.1f", 100.0 * ops.get(t).micros() / total));
        }
        return json.append('}').toString();
    }
}
