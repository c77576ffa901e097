package io.nightshift.chart;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./nightshift chart check}: the chart linted strictly and rendered with its defaults and with every example
 * values file, each rendered document validated against the Kubernetes and CRD schemas ({@link SchemaValidator}).
 */
public final class ChartCheck {

    /** The figures of a check; {@code pass} when nothing failed. */
    public record Report(int valuesFiles, int documents, int lintErrors, int schemaErrors, int renderErrors) {
        public boolean pass() {
            return lintErrors == 0 && schemaErrors == 0 && renderErrors == 0 && documents > 0;
        }
    }

    private final ChartRenderer renderer;
    private final SchemaValidator validator;

    public ChartCheck(Path home) {
        this.renderer = ChartRenderer.of(home);
        this.validator = new SchemaValidator(home);
    }

    public Report run(PrintStream out) throws IOException, InterruptedException {
        List<Path> valuesFiles = new ArrayList<>();
        valuesFiles.add(null); // the defaults
        valuesFiles.addAll(renderer.examples());
        Path folder = Files.createTempDirectory("nightshift-chart-check-");
        int lintErrors = 0;
        int renderErrors = 0;
        List<Path> rendered = new ArrayList<>();
        try {
            for (Path values : valuesFiles) {
                String name = values == null ? "defaults" : values.getFileName().toString();
                LintResult lint = renderer.lint(values);
                List<String> messages = lint.getMessages().stream()
                        .filter(m -> m.contains("[ERROR]") || m.contains("[WARNING]")).toList();
                if (lint.isFailed() || !messages.isEmpty()) {
                    lintErrors += Math.max(1, messages.size());
                    out.println(name + ": lint failed: " + String.join("; ", lint.getMessages()));
                }
                try {
                    String yaml = renderer.render(values == null ? List.of() : List.of(values), Map.of());
                    Path file = folder.resolve(name.replace(".yaml", "") + ".rendered.yaml");
                    Files.writeString(file, yaml, StandardCharsets.UTF_8);
                    rendered.add(file);
                } catch (IllegalStateException e) {
                    renderErrors++;
                    out.println(name + ": render failed: " + e.getMessage());
                }
            }
            SchemaValidator.Result result = rendered.isEmpty() ? new SchemaValidator.Result(0, List.of())
                    : validator.validate(rendered);
            result.problems().forEach(p -> out.println("schema: " + p));
            for (Path file : rendered) {
                out.println(file.getFileName().toString().replace(".rendered.yaml", "") + ": "
                        + ChartRenderer.parse(Files.readString(file)).size() + " documents");
            }
            return new Report(valuesFiles.size(), result.documents(), lintErrors, result.problems().size(),
                    renderErrors);
        } finally {
            ChartRenderer.deleteTree(folder);
        }
    }
}
