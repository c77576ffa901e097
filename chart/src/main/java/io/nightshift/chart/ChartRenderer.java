package io.nightshift.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart {@code helm/nightshift} rendered and linted in-process: helm-java runs Helm itself (through JNA, no
 * {@code helm} binary), so {@code values.schema.json} and the templates' {@code fail} checks apply exactly as in
 * {@code helm install}. Release {@link #RELEASE} in namespace {@link #NAMESPACE}.
 */
public final class ChartRenderer {

    public static final String RELEASE = "nightshift";
    public static final String NAMESPACE = "nightshift";
    /** The Kubernetes version templates see ({@code .Capabilities.KubeVersion}); the schemas are of this level. */
    public static final String KUBE_VERSION = "v1.34.0";
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final String HOOK = "helm.sh/hook: ";
    private static final String HIDDEN_HOOK = "nightshift.invalid/rendered-hook: ";

    private final Path chart;

    public ChartRenderer(Path chart) {
        this.chart = chart;
    }

    /** The chart of the checkout at {@code home} (the project's root). */
    public static ChartRenderer of(Path home) {
        return new ChartRenderer(home.resolve("helm/nightshift"));
    }

    /** The project's root: {@code nightshift.home}, else {@code NIGHTSHIFT_HOME}, else the working directory. */
    public static Path home() {
        String home = System.getProperty("nightshift.home", System.getenv("NIGHTSHIFT_HOME"));
        return Path.of(home == null ? "." : home).toAbsolutePath().normalize();
    }

    public Path chart() {
        return chart;
    }

    /** The example values files ({@code helm/nightshift/examples/*.yaml}), sorted. */
    public List<Path> examples() {
        try (Stream<Path> files = Files.list(chart.resolve("examples"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The rendered manifests (every template, hooks included, as {@code helm template} prints them).
     *
     * @throws IllegalStateException with Helm's message when the values break the schema or a template refuses them
     */
    public String render(List<Path> valuesFiles, Map<String, String> sets) {
        Path copy = null;
        try {
            copy = hooksAsResources();
            TemplateCommand template = new Helm(copy).template().withName(RELEASE).withNamespace(NAMESPACE)
                    .withKubeVersion(KUBE_VERSION);
            for (Path values : valuesFiles) {
                template = template.withValuesFile(values.toAbsolutePath());
            }
            for (Map.Entry<String, String> set : sets.entrySet()) {
                template = template.set(set.getKey(), set.getValue());
            }
            return template.call().replace(HIDDEN_HOOK, HOOK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(String.valueOf(e.getMessage()).strip(), e);
        } finally {
            if (copy != null) {
                deleteTree(copy.getParent());
            }
        }
    }

    /**
     * helm-java 0.0.21's template leaves hooks out (manusa/helm-java#416), unlike {@code helm template}: the chart is
     * rendered from a copy whose hook annotation is renamed, so that Helm emits the hook Jobs as resources, and the
     * annotation is named back in the output. Nothing else differs from {@code helm template}'s output but the order.
     */
    private Path hooksAsResources() throws IOException {
        Path copy = Files.createTempDirectory("nightshift-chart-").resolve("nightshift");
        copyTree(chart, copy);
        try (Stream<Path> templates = Files.list(copy.resolve("templates"))) {
            for (Path template : templates.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                String text = Files.readString(template);
                if (text.contains(HOOK)) {
                    Files.writeString(template, text.replace(HOOK, HIDDEN_HOOK));
                }
            }
        }
        return copy;
    }

    /** The rendered manifests as parsed documents (empty documents dropped). */
    public List<JsonNode> documents(List<Path> valuesFiles, Map<String, String> sets) {
        return parse(render(valuesFiles, sets));
    }

    public static List<JsonNode> parse(String manifests) {
        List<JsonNode> documents = new ArrayList<>();
        try {
            Iterator<JsonNode> it = YAML.readerFor(JsonNode.class)
                    .readValues(new YAMLFactory().createParser(manifests));
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isMissingNode() && node.size() > 0) {
                    documents.add(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    /**
     * {@code helm lint --strict} of the chart with {@code valuesFile} (null: the defaults). Helm's lint takes no values
     * file here, so the chart is copied to a temporary folder with the file merged over its {@code values.yaml}.
     */
    public LintResult lint(Path valuesFile) {
        if (valuesFile == null) {
            return new Helm(chart).lint().strict().call();
        }
        Path copy = null;
        try {
            copy = Files.createTempDirectory("nightshift-chart-lint-").resolve("nightshift");
            copyTree(chart, copy);
            JsonNode merged = merge(YAML.readTree(chart.resolve("values.yaml").toFile()),
                    YAML.readTree(valuesFile.toFile()));
            YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (copy != null) {
                deleteTree(copy.getParent());
            }
        }
    }

    /** Helm's merge of values: maps merge key by key, anything else replaces. */
    static JsonNode merge(JsonNode base, JsonNode over) {
        if (over == null || over.isNull() || over.isMissingNode()) {
            return base;
        }
        if (base instanceof ObjectNode target && over.isObject()) {
            over.fields().forEachRemaining(e -> target.set(e.getKey(), merge(target.get(e.getKey()), e.getValue())));
            return target;
        }
        return over;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary folder
        }
    }
}
