package io.nightshift.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command line as the client's commands read it: positional arguments, {@code --name value} (or
 * {@code --name=value}) options and {@code --flag}s ({@code -h} is {@code --help}), each name checked against what
 * the command knows, so a typo is refused by name.
 */
public final class Options {
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> values = new HashMap<>();

    private Options() {
    }

    /**
     * @param valued names that take a value
     * @param flags  names that take none
     * @throws IllegalArgumentException for an unknown option or a missing value
     */
    public static Options parse(String[] args, Set<String> valued, Set<String> flags) {
        Options options = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i].equals("-h") ? "--help" : args[i];
            if (arg.startsWith("--") && arg.length() > 2) {
                String name = arg.substring(2);
                int equals = name.indexOf('=');
                if (equals > 0 && valued.contains(name.substring(0, equals))) { // --name=value
                    options.values.put(name.substring(0, equals), name.substring(equals + 1));
                } else if (flags.contains(name)) {
                    options.values.put(name, "true");
                } else if (valued.contains(name)) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    options.values.put(name, args[++i]);
                } else {
                    throw new IllegalArgumentException("unknown option --" + name);
                }
            } else {
                options.positional.add(arg);
            }
        }
        return options;
    }

    public List<String> positional() {
        return positional;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The option's value, or null. */
    public String get(String name) {
        return values.get(name);
    }

    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** A positive number, or the fallback when absent. */
    public double positive(String name, double fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double number = Double.parseDouble(value);
            if (number > 0 && Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw new IllegalArgumentException("--" + name + " must be a positive number, got '" + value + "'");
    }
}
