package io.nightshift.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.nightshift.worker.memory.MemoryBudget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The chart's templates rendered in-process (helm-java): what they give by default, and what they refuse. */
class ChartTemplatesTest {

    static final Path HOME = ChartRenderer.home();
    static final ChartRenderer CHART = ChartRenderer.of(HOME);

    static List<JsonNode> render(Map<String, String> sets) {
        return CHART.documents(List.of(), sets);
    }

    static JsonNode find(List<JsonNode> documents, String kind, String nameSuffix) {
        return documents.stream()
                .filter(d -> d.path("kind").asText().equals(kind)
                        && d.path("metadata").path("name").asText().endsWith(nameSuffix))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " *" + nameSuffix + " in " + documents
                        .stream().map(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText())
                        .toList()));
    }

    static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    static JsonNode container(JsonNode workload) {
        return workload.path("spec").path("template").path("spec").path("containers").get(0);
    }

    @Test
    void shouldProvideExpectedDefaults() {
        List<JsonNode> docs = render(Map.of());
        JsonNode worker = find(docs, "Deployment", "-worker");
        JsonNode pod = worker.path("spec").path("template").path("spec");
        JsonNode c = container(worker);
        // GPU as a limit only; memory request = limit
        assertEquals("1", c.path("resources").path("limits").path("nvidia.com/gpu").asText());
        assertTrue(c.path("resources").path("requests").path("nvidia.com/gpu").isMissingNode());
        assertEquals("6144Mi", c.path("resources").path("limits").path("memory").asText());
        assertTrue(c.path("image").asText().contains("worker-cuda"), c.path("image").asText());
        // drain and grace; a GPU rollout does not wait for a free GPU
        assertEquals(60, pod.path("terminationGracePeriodSeconds").asInt());
        assertEquals(0, worker.path("spec").path("strategy").path("rollingUpdate").path("maxSurge").asInt());
        Map<String, JsonNode> env = env(c);
        assertEquals("30s", env.get("NIGHTSHIFT_WORKER_SHUTDOWN_GRACE").path("value").asText());
        assertEquals("false", env.get("NIGHTSHIFT_WORKER_MODELS_PUBLISH_DEFAULT_WHEN_NONE").path("value").asText());
        assertEquals("cuda", env.get("NIGHTSHIFT_WORKER_ENGINE_ACCELERATOR").path("value").asText());
        // non-root, read-only root, /tmp an emptyDir
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
        assertTrue(c.path("securityContext").path("readOnlyRootFilesystem").asBoolean());
        assertEquals("/tmp", c.path("volumeMounts").get(0).path("mountPath").asText());
        assertFalse(pod.path("volumes").get(0).path("emptyDir").isMissingNode());
        // probes on the worker's health endpoints
        assertEquals("/q/health/ready", c.path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals("/q/health/live", c.path("livenessProbe").path("httpGet").path("path").asText());
        // memory: the budget leaves 10 % headroom under the limit; the heap is MemoryBudget's split of the budget
        long budgetMiB = Long.parseLong(env.get("NIGHTSHIFT_WORKER_MEMORY_BUDGET").path("value").asText()
                .replace("m", ""));
        assertEquals(6144 * 90 / 100, budgetMiB);
        long heapMiB = heapMiB(c);
        long recommended = MemoryBudget.recommendedHeapBytes(budgetMiB << 20, 1024L << 20) >> 20;
        assertTrue(Math.abs(heapMiB - recommended) <= 2, "heap " + heapMiB + " MiB vs MemoryBudget's " + recommended);
        MemoryBudget budget = new MemoryBudget(budgetMiB << 20, "configured", 1024L << 20, heapMiB << 20);
        assertTrue(budget.maxFramePixels() > 40_000_000L, "a 6 GiB worker takes 40 MP frames: " + budget.describe());

        JsonNode scaled = find(docs, "ScaledObject", "-worker");
        JsonNode trigger = scaled.path("spec").path("triggers").get(0);
        assertEquals("kafka", trigger.path("type").asText());
        JsonNode meta = trigger.path("metadata");
        assertEquals("nightshift.jobs", meta.path("topic").asText());
        assertEquals("nightshift-workers", meta.path("consumerGroup").asText());
        assertEquals("4", meta.path("lagThreshold").asText(), "lag threshold = the worker's in-flight limit");
        assertEquals("false", meta.path("excludePersistentLag").asText());
        assertEquals("false", meta.path("allowIdleConsumers").asText());
        assertEquals(0, scaled.path("spec").path("minReplicaCount").asInt());
        assertEquals(12, scaled.path("spec").path("maxReplicaCount").asInt());
        assertEquals(300, scaled.path("spec").path("advanced").path("horizontalPodAutoscalerConfig")
                .path("behavior").path("scaleDown").path("stabilizationWindowSeconds").asInt());

        JsonNode dispatcher = find(docs, "Deployment", "-dispatcher");
        assertEquals(2, dispatcher.path("spec").path("replicas").asInt());
        assertEquals(1, find(docs, "PodDisruptionBudget", "-dispatcher").path("spec").path("maxUnavailable").asInt());
        Map<String, JsonNode> dEnv = env(container(dispatcher));
        assertEquals("0.0.0.0", dEnv.get("NIGHTSHIFT_HTTP_HOST").path("value").asText());
        assertEquals("nightshift-api-key",
                dEnv.get("NIGHTSHIFT_API_KEY").path("valueFrom").path("secretKeyRef").path("name").asText());

        JsonNode topics = find(docs, "Job", "-topics");
        assertEquals("pre-install,pre-upgrade",
                topics.path("metadata").path("annotations").path("helm.sh/hook").asText());
        assertTrue(container(topics).path("args").toString().contains("--jobs-partitions=12"));
        find(docs, "Job", "-model-set");
    }

    @Test
    void noSecretIsRenderedInClear() {
        for (Path values : valuesFiles()) {
            for (JsonNode doc : CHART.documents(values == null ? List.of() : List.of(values), Map.of())) {
                assertFalse(doc.path("kind").asText().equals("Secret"), "the chart renders no Secret");
                doc.findParents("env").forEach(holder -> holder.path("env").forEach(e -> {
                    String name = e.path("name").asText();
                    if (name.matches(".*(SECRET|PASSWORD|API_KEY|ACCESS_KEY).*")) {
                        assertTrue(e.path("value").isMissingNode(), name + " has a value in clear in " + values);
                    }
                }));
            }
        }
    }

    @Test
    void templatesRefuseWhatCannotWork() {
        assertRefused(Map.of("autoscaling.maxReplicaCount", "13"), "exceeds topics.jobsPartitions");
        assertRefused(Map.of("worker.terminationGracePeriodSeconds", "45"), "must be at least worker.drainSeconds");
        assertRefused(Map.of("worker.drainSeconds", "120"), "must be at least worker.drainSeconds");
        assertRefused(Map.of("ingress.enabled", "true", "global.apiKeySecret", "", "global.auth.open", "true"),
                "ingress.enabled without global.apiKeySecret");
        assertRefused(Map.of("global.apiKeySecret", ""), "global.auth.open");
        assertRefused(Map.of("worker.acelerator", "cpu"), "acelerator"); // a typo: the schema refuses it
        assertRefused(Map.of("worker.accelerator", "rocm"), "accelerator");
        // what is allowed, explicitly
        render(Map.of("ingress.enabled", "true", "global.apiKeySecret", "", "global.auth.open", "true",
                "ingress.allowWithoutApiKey", "true"));
        render(Map.of("autoscaling.maxReplicaCount", "24", "topics.jobsPartitions", "24"));
        render(Map.of("worker.drainSeconds", "120", "worker.terminationGracePeriodSeconds", "150"));
    }

    @Test
    void autoscalingModes() {
        List<JsonNode> hpa = render(Map.of("autoscaling.mode", "hpa"));
        assertTrue(hpa.stream().noneMatch(d -> d.path("kind").asText().equals("ScaledObject")));
        assertEquals(1, find(hpa, "HorizontalPodAutoscaler", "-worker").path("spec").path("minReplicas").asInt());
        List<JsonNode> none = render(Map.of("autoscaling.mode", "none", "worker.replicas", "3"));
        assertEquals(3, find(none, "Deployment", "-worker").path("spec").path("replicas").asInt());
        assertTrue(none.stream().noneMatch(d -> d.path("kind").asText().matches("ScaledObject|HorizontalPodAutoscaler")));
        List<JsonNode> cpu = render(Map.of("worker.accelerator", "cpu"));
        JsonNode c = container(find(cpu, "Deployment", "-worker"));
        assertTrue(c.path("resources").path("limits").path("nvidia.com/gpu").isMissingNode());
        assertFalse(c.path("image").asText().contains("cuda"));
        JsonNode hold = find(render(Map.of("autoscaling.keda.environmentHold.enabled", "true")), "ScaledObject",
                "-worker").path("spec");
        assertEquals("hold > 0 ? hold * 4 : lag", hold.path("advanced").path("scalingModifiers").path("formula").asText());
        assertEquals("lag", hold.path("triggers").get(0).path("name").asText());
        assertEquals("prometheus", hold.path("triggers").get(1).path("type").asText());
        assertTrue(hold.path("triggers").get(1).path("metadata").path("query").asText()
                .contains("nightshift_worker_environment_down{namespace=\"nightshift\",pod=~\"nightshift-worker-.*\"}"));
        JsonNode paused = find(render(Map.of("autoscaling.keda.paused", "true")), "ScaledObject", "-worker");
        assertEquals("true", paused.path("metadata").path("annotations").path("autoscaling.keda.sh/paused").asText());
    }

    @Test
    void chartCheckPassesAndTheValidatorCatchesABrokenDocument() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ChartCheck.Report report = new ChartCheck(HOME).run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertTrue(report.pass(), bytes.toString(StandardCharsets.UTF_8));
        assertEquals(valuesFiles().size(), report.valuesFiles());
        assertTrue(report.documents() >= 40, "documents: " + report.documents());

        // the same validator refuses a Deployment whose replicas is a string and a ScaledObject without triggers
        ObjectMapper yaml = new YAMLMapper();
        List<JsonNode> docs = render(Map.of());
        com.fasterxml.jackson.databind.node.ObjectNode deployment =
                (com.fasterxml.jackson.databind.node.ObjectNode) find(docs, "Deployment", "-dispatcher").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) deployment.path("spec")).put("replicas", "two");
        com.fasterxml.jackson.databind.node.ObjectNode scaled =
                (com.fasterxml.jackson.databind.node.ObjectNode) find(docs, "ScaledObject", "-worker").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) scaled.path("spec")).remove("triggers");
        Path broken = Files.createTempFile("nightshift-broken-", ".yaml");
        try {
            Files.writeString(broken, yaml.writeValueAsString(deployment) + yaml.writeValueAsString(scaled));
            SchemaValidator.Result result = new SchemaValidator(HOME).validate(List.of(broken));
            assertEquals(2, result.documents());
            assertEquals(2, result.problems().size(), result.problems().toString());
        } finally {
            Files.deleteIfExists(broken);
        }
    }

    @Test
    void everyValueIsDocumentedAndInTheSchema() throws Exception {
        Path chart = CHART.chart();
        List<String> lines = Files.readAllLines(chart.resolve("values.yaml"));
        JsonNode schema = new ObjectMapper().readTree(chart.resolve("values.schema.json").toFile());
        List<String> undocumented = new ArrayList<>();
        List<String> path = new ArrayList<>();
        boolean documented = false;
        Pattern key = Pattern.compile("^(\\s*)([A-Za-z0-9_]+):");
        for (String line : lines) {
            String t = line.strip();
            if (t.startsWith("# --")) {
                documented = true;
                continue;
            }
            if (t.startsWith("#") || t.isEmpty()) {
                continue;
            }
            Matcher m = key.matcher(line);
            if (!m.find()) {
                documented = false;
                continue;
            }
            int depth = m.group(1).length() / 2;
            while (path.size() > depth) {
                path.remove(path.size() - 1);
            }
            path.add(m.group(2));
            String dotted = String.join(".", path);
            if (!documented) {
                undocumented.add(dotted);
            }
            JsonNode node = schema;
            for (String k : path) {
                node = node.path("properties").path(k);
            }
            assertFalse(node.isMissingNode() && !dotted.startsWith("worker.probes."), dotted + " is not in the schema");
            documented = false;
        }
        assertEquals(List.of(), undocumented.stream().filter(p -> !p.matches("worker\\.probes\\..*")).toList());
    }

    static long heapMiB(JsonNode container) {
        for (JsonNode arg : container.path("args")) {
            if (arg.asText().startsWith("-Xmx")) {
                return Long.parseLong(arg.asText().substring(4).replace("m", ""));
            }
        }
        throw new AssertionError("no -Xmx in " + container.path("args"));
    }

    static List<Path> valuesFiles() {
        List<Path> files = new ArrayList<>();
        files.add(null);
        files.addAll(CHART.examples());
        return files;
    }

    private static void assertRefused(Map<String, String> sets, String message) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> render(sets),
                "rendered with " + sets);
        assertTrue(e.getMessage().contains(message), "refused with: " + e.getMessage());
    }
}
