package io.nightshift.inference.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --key value} command-line options of the benchmarks. */
final class Args {

    private final Map<String, String> values = new HashMap<>();

    Args(String[] args, List<String> known) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !known.contains(a.substring(2)) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete option '" + a + "'; options: --"
                        + String.join(" V, --", known) + " V");
            }
            values.put(a.substring(2), args[++i]);
        }
    }

    String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    int getInt(String key, int fallback) {
        return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
    }

    double getDouble(String key, double fallback) {
        return values.containsKey(key) ? Double.parseDouble(values.get(key)) : fallback;
    }

    /** A comma-separated list of integers. */
    int[] getInts(String key, String fallback) {
        String[] parts = get(key, fallback).split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i].trim());
        }
        return out;
    }
}
