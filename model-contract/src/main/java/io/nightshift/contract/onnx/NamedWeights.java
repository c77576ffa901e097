package io.nightshift.contract.onnx;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parameters from a map of name → row-major values (e.g. the trainer's DJL parameters renamed to
 * the factories' names). Refuses missing names and wrong sizes; {@link #unused()} tells which
 * given parameters the graph never asked for, so an export can fail on a naming mismatch.
 */
public final class NamedWeights implements WeightSource {

    private final Map<String, float[]> values;
    private final Set<String> used = ConcurrentHashMap.newKeySet();

    public NamedWeights(Map<String, float[]> values) {
        this.values = Map.copyOf(values);
    }

    @Override
    public float[] weights(String name, long... shape) {
        float[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "' of shape " + Arrays.toString(shape)
                    + " (given: " + new TreeSet<>(values.keySet()) + ")");
        }
        long expected = WeightSource.count(shape);
        if (v.length != expected) {
            throw new IllegalArgumentException("parameter '" + name + "' has " + v.length + " values, shape "
                    + Arrays.toString(shape) + " needs " + expected);
        }
        used.add(name);
        return v;
    }

    /** The given parameters no build has asked for yet, sorted. */
    public Set<String> unused() {
        Set<String> rest = new TreeSet<>(values.keySet());
        rest.removeAll(used);
        return rest;
    }
}
