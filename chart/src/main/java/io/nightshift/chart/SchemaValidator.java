package io.nightshift.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Validates rendered documents against the Kubernetes API schema that npm's {@code kubernetes-models} 5.1.0 carries
 * and the CRD schemas of KEDA ({@code @kubernetes-models/keda} 2.0.0: KEDA 2.13+) and the Prometheus operator
 * ({@code @kubernetes-models/prometheus-operator} 6.0.0), by running {@code helm/validate/validate.mjs} with Node.js. The
 * packages are installed by {@code ./nightshift} (npm ci in helm/validate, from its committed lock file).
 */
public final class SchemaValidator {

    /** One document that failed: which, and why. */
    public record Problem(String file, int index, String kind, String name, String message) {
        @Override
        public String toString() {
            return kind + " " + name + " (" + Path.of(file).getFileName() + " #" + index + "): " + message;
        }
    }

    /** The documents read and the problems found. */
    public record Result(int documents, List<Problem> problems) {
    }

    private final Path folder;

    public SchemaValidator(Path home) {
        this.folder = home.resolve("helm/validate");
    }

    public Result validate(List<Path> files) throws IOException, InterruptedException {
        if (!Files.isDirectory(folder.resolve("node_modules/kubernetes-models"))) {
            throw new IllegalStateException(folder.resolve("node_modules") + " is missing: run ./nightshift setup"
                    + " (it runs npm ci in helm/validate)");
        }
        List<String> command = new ArrayList<>(List.of("node", folder.resolve("validate.mjs").toString()));
        files.forEach(f -> command.add(f.toAbsolutePath().toString()));
        Path output = Files.createTempFile("nightshift-validate-", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("validate.mjs did not finish in 120 s");
            }
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
            if (!last.startsWith("{")) {
                throw new IllegalStateException("validate.mjs failed (exit " + process.exitValue() + "): "
                        + String.join("\n", lines));
            }
            JsonNode json = new ObjectMapper().readTree(last);
            List<Problem> problems = new ArrayList<>();
            for (JsonNode e : json.path("errors")) {
                problems.add(new Problem(e.path("file").asText(), e.path("index").asInt(), e.path("kind").asText(),
                        e.path("name").asText(), e.path("message").asText()));
            }
            return new Result(json.path("documents").asInt(), problems);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
