package io.nightshift.inference.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One JSON object on one line, written by hand (no JSON library in this module). */
final class JsonLine {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    JsonLine put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(quote(k)).append(':').append(value(v));
        });
        return b.append('}').toString();
    }

    private static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+($|e)", "$1$2")
                    .replaceAll("\\.($|e)", "$1") : "null";
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof JsonLine) {
            return v.toString();
        }
        return quote(v.toString());
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
