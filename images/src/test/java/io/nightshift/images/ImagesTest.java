package io.nightshift.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.JobStatus;
import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.protocol.OutputKeys;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.Topic;
import io.nightshift.stack.LocalStack;
import io.nightshift.stack.StackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CPU worker image and the admin image, built once onto a base assembled from this machine ({@link LocalBase}: no
 * registry), are unpacked as a container runtime would lay them out; the worker's layout is the chart's, every native
 * library in it (and in its jars) resolves inside it alone, and, run under chroot as their user on a read-only root
 * with /tmp a fresh tmpfs, the admin image does what the chart's hook Jobs do (topics, the default model set) and the
 * worker's entrypoint processes one real RAW file from the local stack.
 */
class ImagesTest {
    static final Path HOME = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    static Path work;
    static NightshiftImages.Built built;
    static ImageTree tree;
    static ImageTree admin;

    @BeforeAll
    static void build() throws Exception {
        assertTrue(Files.isRegularFile(HOME.resolve("worker/target/quarkus-app/quarkus-run.jar")),
                "the packaged worker is missing: " + HOME);
        work = HOME.resolve("images/target/image-test");
        Files.createDirectories(work);
        long t = System.nanoTime();
        Path base = LocalBase.assemble(work.resolve("base"), work.resolve("base-local.tar"));
        NightshiftImages images = new NightshiftImages(JavaRuntime.defaultJdk(), work.resolve("work"),
                "ghcr.io/nightshift", "test");
        built = images.build(NightshiftImages.Kind.WORKER, "tar://" + base, HOME.resolve("worker/target/quarkus-app"),
                work.resolve("worker.tar"));
        ImageFiles.deleteTree(work.resolve("tree"));
        tree = ImageTree.unpack(built.tar(), work.resolve("tree"));
        System.out.printf("worker image %s: %.0f MB, %d layers over the base, built and unpacked in %.1f s%n",
                built.reference(), built.bytes() / 1e6, tree.layers() - 1, (System.nanoTime() - t) / 1e9);
        NightshiftImages.Built adminImage = images.build(NightshiftImages.Kind.ADMIN, "tar://" + base, HOME,
                work.resolve("admin.tar"));
        ImageFiles.deleteTree(work.resolve("admin"));
        admin = ImageTree.unpack(adminImage.tar(), work.resolve("admin"));
        System.out.printf("admin image: %.0f MB; both in %.1f s%n", adminImage.bytes() / 1e6,
                (System.nanoTime() - t) / 1e9);
    }

    @AfterAll
    static void cleanUp() {
        if (System.getProperty("images.keep") == null) {
            ImageFiles.deleteTree(work);
        }
    }

    @Test
    void theLayoutIsTheChartsAndOnnxRuntimeIsPreExtracted() throws Exception {
        Path root = tree.root();
        assertEquals(List.of("java", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp",
                "-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp", "-jar", "/opt/nightshift/app/quarkus-run.jar"),
                tree.entrypoint());
        assertEquals("10001:10001", tree.user());
        String chart = Files.readString(HOME.resolve("helm/nightshift/templates/worker-deployment.yaml"));
        assertTrue(chart.contains("\"/opt/nightshift/app/quarkus-run.jar\"") && chart.contains("command: [\"java\"]"),
                "the chart runs java -jar /opt/nightshift/app/quarkus-run.jar");
        assertTrue(Files.readString(HOME.resolve("helm/nightshift/templates/_fleet.tpl")).contains("runAsUser: 10001"));
        assertTrue(Files.isExecutable(root.resolve("opt/java/bin/java")));
        assertTrue(tree.env().get("PATH").startsWith("/opt/java/bin:"), "java on the PATH");
        assertTrue(Files.isRegularFile(root.resolve("opt/nightshift/app/quarkus-run.jar")));
        assertTrue(Files.isRegularFile(root.resolve("opt/nightshift/lib/libraw_r.so.20")), "LibRaw in the image");
        assertTrue(Files.isRegularFile(root.resolve("opt/nightshift/onnxruntime/libonnxruntime.so")));
        assertEquals("-Donnxruntime.native.path=/opt/nightshift/onnxruntime", tree.env().get("JAVA_TOOL_OPTIONS"));
        Path ortJar = OnnxRuntimeNatives.find(NightshiftImages.jars(root.resolve("opt/nightshift/app/lib"))).orElseThrow();
        try (ZipFile zip = new ZipFile(ortJar.toFile())) {
            assertTrue(zip.stream().noneMatch(e -> e.getName().startsWith("ai/onnxruntime/native/")),
                    "the jar ships no natives (Windows, macOS, aarch64 and the extracted ones)");
            assertTrue(zip.getEntry("ai/onnxruntime/OrtSession.class") != null);
        }
    }

    @Test
    void everyNativeLibraryResolvesInsideTheImageAlone() throws Exception {
        NativeCheck.Report report = NativeCheck.check(tree);
        assertEquals(List.of(), report.unresolved());
        assertTrue(report.checked() > 100, "the runtime's, LibRaw's and the jars' libraries: " + report);
        assertTrue(report.fromJars() >= 5, "the LibRaw binding, Kafka's and Netty's compressors: " + report);

        // the check sees the image only: without its libjpeg, LibRaw does not resolve, although this machine has one
        Path jpeg = tree.root().resolve("opt/nightshift/lib/libjpeg.so.62");
        Path aside = work.resolve("libjpeg.so.62");
        Files.move(jpeg, aside);
        try {
            NativeCheck.Report broken = NativeCheck.check(tree);
            assertTrue(broken.unresolved().contains(new NativeCheck.Unresolved("/opt/nightshift/lib/libraw_r.so.20",
                    List.of("libjpeg.so.62"))), broken.unresolved().toString());
        } finally {
            Files.move(aside, jpeg);
        }
    }

    @Test
    void theHookJobsAndAJobRunFromTheImagesUnderChroot() throws Exception {
        LocalStack stack = LocalStack.shared();
        StackConfig config = stack.config();
        Map<String, String> common = Map.of("KAFKA_BOOTSTRAP_SERVERS", config.bootstrapServers(),
                "NIGHTSHIFT_S3_ENDPOINT", config.s3Endpoint(), "NIGHTSHIFT_S3_ACCESS_KEY", config.accessKey(),
                "NIGHTSHIFT_S3_SECRET_KEY", config.secretKey());
        // the hook Jobs' arguments (topics-job.yaml, models-job.yaml) on the admin image's entrypoint
        List<String> topics = runToEnd(admin, List.of("topics", "--jobs-partitions=8", "--other-partitions=3",
                "--replication-factor=1"), common, "admin-topics");
        try (Admin kafka = Admin.create(stack.kafkaProperties())) {
            assertEquals(8, kafka.describeTopics(List.of(Topic.JOBS.topicName())).allTopicNames().get()
                    .get(Topic.JOBS.topicName()).partitions().size(), String.join("\n", topics));
        }
        List<String> models = runToEnd(admin, List.of("models", "publish-if-none",
                "--models=/opt/nightshift/models/default", "--bucket=nightshift-models", "--channel=default"), common,
                "admin-models");
        String manifest = Files.readString(HOME.resolve("models/default/manifest.json"));
        String version = manifest.replaceAll("(?s).*\"setVersion\":\"([^\"]+)\".*", "$1");
        assertTrue(models.get(models.size() - 1).contains("\"set_version\":\"" + version + "\""),
                "the image's default set is announced: " + models);

        String prefix = "images-" + UUID.randomUUID().toString().substring(0, 8) + "/";
        String source = prefix + "RAW_NIKON_D1.NEF";
        try (MinioClient s3 = stack.newS3Client()) {
            s3.uploadObject(UploadObjectArgs.builder().bucket("nightshift-raw").object(source)
                    .filename(HOME.resolve("../shared/raw-samples/RAW_NIKON_D1.NEF").normalize().toString()).build());

            Map<String, String> env = new LinkedHashMap<>(common);
            env.put("NIGHTSHIFT_WORKER_PORT", Integer.toString(StackConfig.freePort()));
            env.put("NIGHTSHIFT_WORKER_MODELS_PUBLISH_DEFAULT_WHEN_NONE", "false");
            env.put("NIGHTSHIFT_WORKER_MEMORY_BUDGET", "4g"); // a figure for admission; the job needs far less
            env.put("JAVA_TOOL_OPTIONS", tree.env().get("JAVA_TOOL_OPTIONS") + " -Xmx1g -XX:+UseSerialGC");
            Path log = work.resolve("worker.log");
            Process worker = ChrootContainer.start(tree, List.of(), env, log);
            try {
                String jobId = "images-test-" + UUID.randomUUID();
                Job job = new Job(jobId, "images-test", 1, new ObjectRef("nightshift-raw", source, null),
                        new ObjectRef("nightshift-results",
                                OutputKeys.outputKey(prefix, source, prefix, OutputFormat.JPEG), null),
                        OutputFormat.JPEG, null, Instant.now());
                Properties producerProps = stack.kafkaProperties();
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                        new ByteArraySerializer())) {
                    producer.send(new ProducerRecord<>(Topic.JOBS.topicName(), jobId, ProtocolJson.write(job))).get();
                }
                JobResult result = awaitResult(stack, jobId, worker, log);
                assertEquals(JobStatus.DONE, result.status(), result + "\n" + tail(log));
                long size = s3.statObject(StatObjectArgs.builder().bucket("nightshift-results")
                        .object(result.outputKey()).build()).size();
                assertTrue(size > 1000, "the enhanced JPEG: " + size + " bytes");

                // as the image's user, ONNX Runtime from the pre-extracted folder, LibRaw from the image
                long pid = worker.pid();
                String status = Files.readString(Path.of("/proc/" + pid + "/status"));
                assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+10001\\s+10001.*")), status);
                String maps = Files.readString(Path.of("/proc/" + pid + "/maps"));
                assertTrue(maps.contains("opt/nightshift/onnxruntime/libonnxruntime.so"), "ONNX Runtime's natives");
                assertFalse(maps.contains("/tmp/onnxruntime-java"), "nothing extracted into /tmp at start");
                assertTrue(maps.contains("opt/nightshift/lib/libraw_r.so.20"), "the image's LibRaw");
                assertFalse(maps.contains("/usr/lib/x86_64-linux-gnu/libraw_r"), "not this machine's");
            } finally {
                worker.destroy();
                if (!worker.waitFor(30, TimeUnit.SECONDS)) {
                    worker.destroyForcibly();
                    worker.waitFor(30, TimeUnit.SECONDS);
                }
            }
            String out = Files.readString(log);
            assertFalse(out.contains("Read-only file system"), "nothing writes outside /tmp:\n" + tail(log));
        }
    }

    /** Runs an image's entrypoint with {@code args} to its end; its lines, after asserting it exited with 0. */
    static List<String> runToEnd(ImageTree image, List<String> args, Map<String, String> env, String name)
            throws Exception {
        Path log = work.resolve(name + ".log");
        Process process = ChrootContainer.start(image, args, env, log);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError(name + " still runs after 120 s:\n" + tail(log));
        }
        assertEquals(0, process.exitValue(), name + ":\n" + tail(log));
        return Files.readAllLines(log);
    }

    static JobResult awaitResult(LocalStack stack, String jobId, Process worker, Path log) throws Exception {
        Properties props = stack.kafkaProperties();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topic.RESULTS.topicName())
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < deadline) {
                if (!worker.isAlive()) {
                    throw new AssertionError("the worker exited with " + worker.exitValue() + ":\n" + tail(log));
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    JobResult result = ProtocolJson.readResult(record.value());
                    if (result.jobId().equals(jobId)) {
                        return result;
                    }
                }
            }
        }
        throw new AssertionError("no result within 180 s:\n" + tail(log));
    }

    static String tail(Path log) throws java.io.IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
