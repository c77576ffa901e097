package io.nightshift.chart;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rendered container's command line and environment, made runnable on this machine by a stated rule and nothing
 * else:
 * <ul>
 * <li>{@code secretKeyRef} values come from {@code secrets} ({@code "name/key"}), as the kubelet takes them from the
 * Secret; any other {@code valueFrom} fails;</li>
 * <li>hosts point at the local stack: {@code KAFKA_BOOTSTRAP_SERVERS} and {@code NIGHTSHIFT_S3_ENDPOINT} are replaced by
 * its addresses (after checking they hold the chart's values), and the container's HTTP port variables
 * ({@code NIGHTSHIFT_WORKER_PORT}, {@code QUARKUS_HTTP_PORT}) by free ports;</li>
 * <li>container paths map to folders here, in arguments and values alike: {@code /opt/nightshift/app/} → the module's
 * {@code target/quarkus-app/}, {@code /opt/nightshift/models/} → the checkout's {@code models/},
 * {@code /opt/nightshift/admin/lib/*} → the admin module's class path, {@code /tmp} → a temporary folder (the
 * emptyDir), {@code /etc/nightshift/kafka/} (the Kafka Secret's mount) → a folder holding the test's Secret file;
 * {@code java} → this JVM's {@code java};</li>
 * <li>the environment is exactly the container's, plus {@code PATH} and {@code HOSTNAME} (the pod name) that a
 * container has.</li>
 * </ul>
 */
final class RenderedContainer {

    final List<String> command = new ArrayList<>();
    final Map<String, String> env = new LinkedHashMap<>();
    /** The rendered variables' names as the chart wrote them (before the rule). */
    final List<String> renderedNames = new ArrayList<>();

    RenderedContainer(JsonNode container, Map<String, String> secrets, Map<String, String> hosts,
                      Map<String, String> paths, String podName) {
        for (JsonNode part : container.path("command")) {
            command.add(map(part.asText(), paths));
        }
        for (JsonNode part : container.path("args")) {
            command.add(map(part.asText(), paths));
        }
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asText();
            renderedNames.add(name);
            String value;
            if (e.has("value")) {
                value = e.path("value").asText();
            } else if (e.path("valueFrom").has("secretKeyRef")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                String key = ref.path("name").asText() + "/" + ref.path("key").asText();
                value = secrets.get(key);
                if (value == null) {
                    throw new AssertionError(name + " refers to Secret " + key + ", which the test does not hold");
                }
            } else {
                throw new AssertionError(name + ": a valueFrom the test cannot resolve: " + e);
            }
            env.put(name, hosts.containsKey(name) ? hosts.get(name) : map(value, paths));
        }
        env.put("PATH", System.getenv("PATH"));
        env.put("HOSTNAME", podName);
    }

    static String map(String value, Map<String, String> paths) {
        if (value.equals("java")) {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
        String mapped = value;
        for (Map.Entry<String, String> p : paths.entrySet()) {
            if (p.getKey().equals("/tmp")) { // the emptyDir: only where a value or a -D property starts with it
                mapped = mapped.replaceAll("(^|=)/tmp(?=/|$)", "$1" + java.util.regex.Matcher.quoteReplacement(p.getValue()));
            } else {
                mapped = mapped.replace(p.getKey(), p.getValue());
            }
        }
        return mapped;
    }
}
