package io.nightshift.trainer.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command lines made of {@code --name value} pairs where every name is required and none other is allowed
 * ({@code nightshift compose}, {@code nightshift ensemble}).
 */
final class RequiredOptions {

    private RequiredOptions() {
    }

    /**
     * @param args  the command line
     * @param names the options, each required once
     * @param usage the usage line an unknown option or a missing value is answered with
     * @return value by option name
     * @throws IllegalArgumentException for an unknown option, a name without a value, or a missing option
     */
    static Map<String, String> parse(String[] args, List<String> names, String usage) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length || !names.contains(args[i])) {
                throw new IllegalArgumentException("usage: " + usage + " (got " + args[i] + ")");
            }
            values.put(args[i], args[i + 1]);
        }
        for (String name : names) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException(name + " is required");
            }
        }
        return values;
    }
}
