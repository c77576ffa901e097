package io.nightshift.chart;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./nightshift chart render [--values F]… [--set k=v]…}: the rendered YAML on stdout.
 * {@code ./nightshift chart check}: lint and schema validation of the defaults and every example values file; the
 * last line is {@code {"values_files":N,"documents":N,"lint_errors":0,"schema_errors":0,"pass":true}}.
 * Exit status 0 pass, 1 failed, 2 usage.
 */
public final class ChartCli {

    private ChartCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path home = ChartRenderer.home();
        if (args.length == 0) {
            return usage(err, "no command");
        }
        switch (args[0]) {
            case "render" -> {
                List<Path> values = new ArrayList<>();
                Map<String, String> sets = new LinkedHashMap<>();
                for (int i = 1; i < args.length; i++) {
                    if (i + 1 >= args.length) {
                        return usage(err, "missing value after " + args[i]);
                    }
                    switch (args[i]) {
                        case "--values", "-f" -> values.add(Path.of(args[++i]));
                        case "--set" -> {
                            String set = args[++i];
                            int eq = set.indexOf('=');
                            if (eq < 1) {
                                return usage(err, "--set needs key=value, not " + set);
                            }
                            sets.put(set.substring(0, eq), set.substring(eq + 1));
                        }
                        default -> {
                            return usage(err, "unknown argument " + args[i]);
                        }
                    }
                }
                try {
                    out.print(ChartRenderer.of(home).render(values, sets));
                    return 0;
                } catch (IllegalStateException e) {
                    err.println("error: " + e.getMessage());
                    return 1;
                }
            }
            case "check" -> {
                try {
                    long started = System.nanoTime();
                    ChartCheck.Report r = new ChartCheck(home).run(out);
                    out.printf(Locale.ROOT, "chart check in %.1f s%n", (System.nanoTime() - started) / 1e9);
                    // a values file that does not render counts as a lint error (helm lint renders too)
                    out.printf(Locale.ROOT, "{\"values_files\":%d,\"documents\":%d,\"lint_errors\":%d,"
                                    + "\"schema_errors\":%d,\"pass\":%s}%n", r.valuesFiles(), r.documents(),
                            r.lintErrors() + r.renderErrors(), r.schemaErrors(), r.pass());
                    return r.pass() ? 0 : 1;
                } catch (Exception e) {
                    err.println("error: " + e.getMessage());
                    out.println("{\"values_files\":0,\"documents\":0,\"lint_errors\":0,\"schema_errors\":0,"
                            + "\"pass\":false}");
                    return 1;
                }
            }
            default -> {
                return usage(err, "unknown command " + args[0]);
            }
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("error: " + problem);
        err.println("usage: nightshift chart render [--values FILE]... [--set KEY=VALUE]...");
        err.println("       nightshift chart check");
        return 2;
    }
}
