package io.nightshift.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.nightshift.dispatcher.config.DispatcherConfig;
import io.nightshift.protocol.Topic;
import io.nightshift.stack.LocalStack;
import io.nightshift.stack.ServiceProcess;
import io.nightshift.stack.StackConfig;
import io.nightshift.worker.config.StorageConfig;
import io.nightshift.worker.config.WorkerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rendered configuration runs: the hook Jobs' admin command, the real dispatcher and the real worker (their
 * packaged {@code quarkus-run.jar}) started with exactly the command line and environment of the chart's rendered
 * documents (examples/cpu.yaml, replication factor 1 for the single local broker), made runnable here by the rule of
 * {@link RenderedContainer}, process a small batch of real RAW files. A chart variable the services do not read, or a
 * value they reject, fails here.
 */
class RenderedConfigurationRunsTest {

    static final Path HOME = ChartRenderer.home();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String API_KEY = "chart-test-" + UUID.randomUUID();

    static LocalStack stack;
    static List<JsonNode> docs;
    static Path tmp;

    @BeforeAll
    static void render() throws Exception {
        stack = LocalStack.shared();
        tmp = Files.createTempDirectory("nightshift-rendered-");
        // CPU workers, and Kafka settings from a Secret's properties file (sasl.yaml), as `-f cpu.yaml -f sasl.yaml`
        docs = ChartRenderer.of(HOME).documents(List.of(HOME.resolve("helm/nightshift/examples/cpu.yaml"),
                HOME.resolve("helm/nightshift/examples/sasl.yaml")), Map.of("topics.replicationFactor", "1"));
        // the Secret nightshift-kafka's client.properties: the local broker is PLAINTEXT; the worker's id shows in
        // its log that the file reached it, the dispatcher's instance name in the batches it lists
        Path kafkaSecret = Files.createDirectories(tmp.resolve("kafka-secret"));
        Files.writeString(kafkaSecret.resolve("client.properties"), """
                kafka.security.protocol=PLAINTEXT
                nightshift.worker.kafka.client."security.protocol"=PLAINTEXT
                nightshift.dispatcher.kafka.client."security.protocol"=PLAINTEXT
                nightshift.worker.id=worker-from-kafka-secret
                nightshift.dispatcher.instance=dispatcher-from-kafka-secret
                """);
    }

    @org.junit.jupiter.api.AfterAll
    static void cleanUp() {
        ChartRenderer.deleteTree(tmp);
    }

    static RenderedContainer container(String kind, String suffix, String module) {
        JsonNode doc = ChartTemplatesTest.find(docs, kind, suffix);
        JsonNode container = ChartTemplatesTest.container(doc);
        Map<String, String> secrets = Map.of(
                "nightshift-s3/accessKey", stack.config().accessKey(),
                "nightshift-s3/secretKey", stack.config().secretKey(),
                "nightshift-api-key/apiKey", API_KEY);
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        hosts.put("NIGHTSHIFT_S3_ENDPOINT", stack.s3Endpoint());
        hosts.put("NIGHTSHIFT_WORKER_PORT", Integer.toString(StackConfig.freePort()));
        hosts.put("QUARKUS_HTTP_PORT", Integer.toString(StackConfig.freePort()));
        Map<String, String> paths = new LinkedHashMap<>(); // in order; /tmp first: the others map into /tmp
        paths.put("/tmp", tmp.resolve(suffix.substring(1)).toString());
        paths.put("/opt/nightshift/app/", HOME.resolve(module + "/target/quarkus-app") + "/");
        paths.put("/opt/nightshift/models/", HOME.resolve("models") + "/");
        paths.put("/opt/nightshift/admin/lib/*", adminClassPath());
        paths.put("/etc/nightshift/kafka/", tmp.resolve("kafka-secret") + "/");
        tmp.resolve(suffix.substring(1)).toFile().mkdirs();
        return new RenderedContainer(container, secrets, hosts, paths, "nightshift" + suffix + "-7d9f8c6b5-x2x4q");
    }

    static String adminClassPath() {
        try {
            return HOME.resolve("admin/target/classes") + ":"
                    + Files.readString(HOME.resolve("admin/target/classpath.txt")).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ServiceProcess.Exit runJob(RenderedContainer job, String name) throws Exception {
        ServiceProcess process = ServiceProcess.startExactly(job.command, job.env, tmp.resolve(name + ".log"));
        try {
            return process.awaitExit(Duration.ofSeconds(120));
        } finally {
            process.close();
        }
    }

    @Test
    void theTopicJobCreatesAndGrowsTopicsAndNeverShrinks() throws Exception {
        try (Admin admin = Admin.create(stack.kafkaProperties())) {
            // the local stack made every topic with its defaults; one is gone, as on a fresh cluster
            admin.deleteTopics(List.of(Topic.BUCKET_EVENTS.topicName())).all().get(30, TimeUnit.SECONDS);
            waitGone(admin, Topic.BUCKET_EVENTS.topicName());
            ServiceProcess.Exit exit = runJob(container("Job", "-topics", "admin"), "topics");
            assertEquals(0, exit.status(), String.join("\n", exit.lines()));
            JsonNode line = JSON.readTree(exit.lines().get(exit.lines().size() - 1));
            assertTrue(line.path("created").toString().contains(Topic.BUCKET_EVENTS.topicName()), line.toString());
            assertEquals(12, partitions(admin, Topic.JOBS.topicName()), "jobs grown to topics.jobsPartitions");
            assertEquals(3, partitions(admin, Topic.BUCKET_EVENTS.topicName()));
            assertEquals(1, partitions(admin, Topic.MODEL_SETS.topicName()));
            Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC,
                    Topic.BUCKET_EVENTS.topicName()))).all().get(30, TimeUnit.SECONDS).values().iterator().next();
            assertEquals(Long.toString(Duration.ofDays(1).toMillis()), config.get("retention.ms").value());

            // a smaller rendering never shrinks a topic
            List<JsonNode> smaller = ChartRenderer.of(HOME).documents(List.of(), Map.of("topics.replicationFactor",
                    "1", "topics.jobsPartitions", "6", "autoscaling.maxReplicaCount", "6"));
            JsonNode job = ChartTemplatesTest.container(ChartTemplatesTest.find(smaller, "Job", "-topics"));
            List<String> command = new ArrayList<>();
            job.path("command").forEach(c -> command.add(RenderedContainer.map(c.asText(),
                    Map.of("/opt/nightshift/admin/lib/*", adminClassPath()))));
            job.path("args").forEach(a -> command.add(a.asText()));
            RenderedContainer base = container("Job", "-topics", "admin");
            ServiceProcess again = ServiceProcess.startExactly(command, base.env, tmp.resolve("topics-again.log"));
            ServiceProcess.Exit second = again.awaitExit(Duration.ofSeconds(120));
            again.close();
            assertEquals(0, second.status(), String.join("\n", second.lines()));
            assertEquals(12, partitions(admin, Topic.JOBS.topicName()), "never shrunk");
        }
    }

    @Test
    void everyRenderedVariableIsOneTheServiceReads() throws Exception {
        // Quarkus ignores a variable it does not map: a chart key the service does not read would pass silently
        ConfigKeys workerKeys = new ConfigKeys(HOME.resolve("worker/src/main/resources/application.properties"),
                WorkerConfig.class, StorageConfig.class).also("HOME", "QUARKUS_CONFIG_LOCATIONS");
        ConfigKeys dispatcherKeys = new ConfigKeys(HOME.resolve("dispatcher/src/main/resources/application.properties"),
                DispatcherConfig.class, io.nightshift.dispatcher.config.StorageConfig.class)
                .also("QUARKUS_HTTP_PORT", "QUARKUS_CONFIG_LOCATIONS");
        assertTrue(workerKeys.reads("NIGHTSHIFT_WORKER_PIPELINE_MAX_IN_FLIGHT"), workerKeys.toString());
        assertTrue(!workerKeys.reads("NIGHTSHIFT_WORKER_PIPELINE_MAX_INFLIGHT"), "the check can fail");
        int checked = 0;
        for (Path values : ChartTemplatesTest.valuesFiles()) {
            List<JsonNode> rendered = ChartRenderer.of(HOME).documents(values == null ? List.of() : List.of(values),
                    Map.of());
            for (Map.Entry<String, ConfigKeys> service : Map.of("-worker", workerKeys, "-dispatcher", dispatcherKeys)
                    .entrySet()) {
                JsonNode c = ChartTemplatesTest.container(ChartTemplatesTest.find(rendered, "Deployment",
                        service.getKey()));
                for (JsonNode e : c.path("env")) {
                    String name = e.path("name").asText();
                    assertTrue(service.getValue().reads(name), service.getKey().substring(1) + " reads no " + name
                            + " (" + values + "); it reads " + service.getValue());
                    checked++;
                }
            }
        }
        assertTrue(checked > 100, "variables checked: " + checked);
    }

    @Test
    void theRenderedWorkerAndDispatcherProcessABatch() throws Exception {
        RenderedContainer dispatcherPod = container("Deployment", "-dispatcher", "dispatcher");
        RenderedContainer workerPod = container("Deployment", "-worker", "worker");
        for (String suffix : List.of("-worker", "-dispatcher")) {
            JsonNode c = ChartTemplatesTest.container(ChartTemplatesTest.find(docs, "Deployment", suffix));
            assertTrue(c.path("volumeMounts").toString().contains("\"/etc/nightshift/kafka\""),
                    "the Kafka Secret is mounted where QUARKUS_CONFIG_LOCATIONS points: " + c.path("volumeMounts"));
        }
        for (String module : List.of("worker", "dispatcher")) {
            assertTrue(Files.isRegularFile(HOME.resolve(module + "/target/quarkus-app/quarkus-run.jar")),
                    module + " is not packaged: run ./mvnw -o install -DskipTests -pl " + module + " -am first");
        }

        // the model-set hook Job: publishes the image's default set when none is announced, once
        ServiceProcess.Exit models = runJob(container("Job", "-model-set", "admin"), "model-set");
        assertEquals(0, models.status(), String.join("\n", models.lines()));
        JsonNode published = JSON.readTree(models.lines().get(models.lines().size() - 1));
        ServiceProcess.Exit again = runJob(container("Job", "-model-set", "admin"), "model-set-again");
        assertEquals(0, again.status(), String.join("\n", again.lines()));
        JsonNode second = JSON.readTree(again.lines().get(again.lines().size() - 1));
        assertTrue(published.path("published").asBoolean(), "a fresh stack gets the default set: " + published);
        assertEquals(published.path("set_version"), second.path("set_version"));
        assertEquals(false, second.path("published").asBoolean(), "a second run publishes nothing: " + second);

        ServiceProcess dispatcher = ServiceProcess.startExactly(dispatcherPod.command, dispatcherPod.env,
                tmp.resolve("dispatcher.log"));
        ServiceProcess worker = ServiceProcess.startExactly(workerPod.command, workerPod.env, tmp.resolve("worker.log"));
        try {
            ServiceProcess.Listening d = dispatcher.awaitListening(Duration.ofSeconds(90));
            ServiceProcess.Listening w = worker.awaitListening(Duration.ofSeconds(120));
            assertEquals("0.0.0.0", d.host(), "a pod's service listens on all interfaces");
            assertEquals("0.0.0.0", w.host());
            String dispatcherUrl = "http://127.0.0.1:" + d.port();
            String workerUrl = "http://127.0.0.1:" + w.port();
            awaitStatus(workerUrl + "/q/health/ready", null, 200, Duration.ofSeconds(120), worker);
            awaitStatus(dispatcherUrl + "/q/health/ready", null, 200, Duration.ofSeconds(60), dispatcher);
            assertEquals(401, get(workerUrl + "/q/metrics", null).statusCode(), "metrics need the key");
            assertEquals(200, get(workerUrl + "/q/metrics", API_KEY).statusCode());
            String log = worker.log();
            assertTrue(log.contains("worker worker-from-kafka-secret"), "the Kafka Secret's file reached the worker");
            assertTrue(log.contains("memory budget 5.4 GiB (configured)"), "the chart's budget reached the worker:\n"
                    + log.lines().filter(l -> l.contains("memory budget")).toList());

            String prefix = "chart-" + UUID.randomUUID().toString().substring(0, 8) + "/";
            MinioClient s3 = stack.newS3Client();
            Path samples = HOME.resolve("../shared/raw-samples").normalize();
            for (String name : List.of("RAW_KODAK_DC50.KDC", "RAW_NIKON_D1.NEF")) {
                s3.uploadObject(UploadObjectArgs.builder().bucket("nightshift-raw").object(prefix + name)
                        .filename(samples.resolve(name).toString()).build());
            }
            String body = JSON.createObjectNode().put("sourceBucket", "nightshift-raw").put("sourcePrefix", prefix)
                    .put("outputPrefix", prefix).put("format", "jpeg").toString();
            assertEquals(401, post(dispatcherUrl + "/api/batches", body, null).statusCode(), "the API needs the key");
            HttpResponse<String> submitted = post(dispatcherUrl + "/api/batches", body, API_KEY);
            assertEquals(202, submitted.statusCode(), submitted.body());
            String batchId = JSON.readTree(submitted.body()).path("batchId").asText();
            JsonNode batch = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < deadline) {
                batch = JSON.readTree(get(dispatcherUrl + "/api/batches/" + batchId, API_KEY).body());
                if ("SEALED".equals(batch.path("state").asText())
                        && batch.path("done").asInt() + batch.path("failed").asInt() == batch.path("total").asInt()) {
                    break;
                }
                Thread.sleep(500);
            }
            assertEquals(2, batch.path("done").asInt(), "batch " + batch + "\nworker log:\n" + tail(worker.log()));
            assertEquals("dispatcher-from-kafka-secret", batch.path("listedBy").asText(), batch.toString());
            JsonNode done = JSON.readTree(get(dispatcherUrl + "/api/batches/" + batchId + "/done", API_KEY).body());
            for (JsonNode item : done.path("items")) {
                String key = item.path("outputKey").asText();
                assertTrue(s3.statObject(StatObjectArgs.builder().bucket("nightshift-results").object(key).build())
                        .size() > 1000, key);
            }
        } finally {
            worker.close();
            dispatcher.close();
        }
    }

    static String tail(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    static void awaitStatus(String url, String key, int status, Duration timeout, ServiceProcess process)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = get(url, key).statusCode();
                if (last == status) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not yet listening
            }
            Thread.sleep(500);
        }
        throw new AssertionError(url + " answered " + last + ", not " + status + ":\n" + tail(process.log()));
    }

    static HttpResponse<String> get(String url, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static int partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                .partitions().size();
    }

    static void waitGone(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
            assertTrue(System.nanoTime() < deadline, topic + " still listed");
            Thread.sleep(200);
        }
    }
}
