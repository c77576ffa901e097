package io.nightshift.inference.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One flat-or-nested JSON object per line, written by hand (no JSON library in this module). */
final class Json {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    Json put(String key, Object value) {
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
        if (v instanceof Double d) {
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+($|e)", "$1$2")
                    .replaceAll("\\.($|e)", "$1") : "null";
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof Json) {
            return v.toString();
        }
        if (v instanceof Iterable<?> list) {
            StringBuilder b = new StringBuilder("[");
            for (Object o : list) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append(value(o));
            }
            return b.append(']').toString();
        }
        return quote(v.toString());
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** A number field of a flat JSON line (what the child runs print). */
    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":(-?[0-9.eE+-]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("no number '" + key + "' in " + json);
        }
        return Double.parseDouble(m.group(1));
    }
}
