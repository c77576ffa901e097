package io.nightshift.worker.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.report.JsonLine;
import io.nightshift.modelstore.Announcement;
import io.nightshift.modelstore.ModelSetAnnouncements;
import io.nightshift.modelstore.ModelSetPublisher;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.JobStatus;
import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.Stage;
import io.nightshift.inference.bench.SonyLikeFrame;
import io.nightshift.stack.StackConfig;
import io.nightshift.stack.ToolStack;
import io.nightshift.stack.StackHome;
import io.nightshift.worker.app.Worker;
import io.nightshift.worker.config.StorageConfig;
import io.nightshift.worker.config.WorkerConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code ./nightshift bench worker}: jobs of one fixed 12 MP Sony-like DNG through the real broker and S3
 * server with the default model set (the trainer's {@code models/default} when present, else a generated
 * RANDOM-WEIGHT set, and the JSON says so). First the same process times every stage alone: a worker with
 * one job in flight runs warm-up and timed jobs one after another, and each stage's time is the median of the
 * timed jobs' {@code stageMs} (nothing else runs beside a stage). Then a worker with the default pipeline
 * settings (same engine threads) runs the batch. Last line: {@code images_per_s}, {@code stage_ms} (alone),
 * {@code stage_busy} (each stage's busy time during the batch ÷ the batch's wall time) and
 * {@code efficiency} = images_per_s × Σ stage_ms / 1000 (target ≥ 0.9).
 */
public final class WorkerBench {

    private WorkerBench() {
    }

    public static void main(String[] args) throws Exception {
        io.nightshift.worker.app.ConsoleLogging.install();
        int jobs = 24;
        int timed = 3;
        int threads = 0;
        String format = "jpeg";
        Path models = Path.of(System.getProperty("nightshift.home", "."), "models", "default");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--timed" -> timed = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--format" -> format = args[++i];
                case "--models" -> models = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: nightshift bench worker [--jobs 24] [--timed 3] [--threads 0] "
                            + "[--format jpeg|png16|tiff16|dng] [--models DIR]");
                    System.exit(2);
                }
            }
        }
        StackHome home = StackHome.locate();
        ToolStack toolStack = ToolStack.runningOrStart(home);
        StackConfig stack = toolStack.config();
        try (MinioClient s3 = MinioClient.builder().endpoint(stack.s3Endpoint())
                .credentials(stack.accessKey(), stack.secretKey()).build()) {
            run(stack, s3, jobs, timed, threads, OutputFormat.fromWireName(format), models);
        } finally {
            toolStack.close();
        }
    }

    private static void run(StackConfig stack, MinioClient s3, int jobs, int timed, int threads, OutputFormat format,
                            Path models) throws Exception {
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", stack.bootstrapServers());
        String setVersion = modelSet(s3, kafka, models);
        boolean random = setVersion.startsWith("random-weights-");
        String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String sourceKey = "raw/" + run + "/SONY_LIKE_12MP.DNG";
        byte[] dng = SonyLikeFrame.dng(1);
        s3.putObject(PutObjectArgs.builder().bucket("nightshift-raw").object(sourceKey)
                .stream(new ByteArrayInputStream(dng), (long) dng.length, -1L).build());
        System.out.printf("model set %s%s; source %d MB; %d jobs, %s%n", setVersion,
                random ? " (RANDOM WEIGHTS: no trained default set yet)" : "", dng.length >> 20, jobs, format.wireName());

        // 1. every stage alone: one job in flight, warm-up then timed jobs one after another
        String aloneTopic = topic(kafka, run + "-alone");
        Map<Stage, List<Long>> alone = new EnumMap<>(Stage.class);
        try (Worker worker = Worker.start(config(stack, aloneTopic, threads, 1), storage(stack), stack.bootstrapServers(),
                new SimpleMeterRegistry()); Results results = new Results(kafka)) {
            for (int i = 0; i < 1 + timed; i++) {
                Job job = job(run, "alone-" + i, sourceKey, format);
                publish(kafka, aloneTopic, job);
                JobResult result = results.await(job.jobId(), Duration.ofMinutes(5));
                if (result.status() != JobStatus.DONE) {
                    throw new IllegalStateException("a timing job failed: " + result.reason());
                }
                if (i > 0) {
                    result.stageMs().forEach((stage, ms) -> alone.computeIfAbsent(stage, s -> new ArrayList<>()).add(ms));
                }
                System.out.printf("alone %d: %s%n", i, result.stageMs());
            }
        }
        Map<Stage, Long> stageMs = new EnumMap<>(Stage.class);
        alone.forEach((stage, values) -> stageMs.put(stage, median(values)));
        long sumMs = stageMs.values().stream().mapToLong(Long::longValue).sum();

        // 2. the batch through a worker with the default pipeline settings
        String batchTopic = topic(kafka, run + "-batch");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        double seconds;
        Map<Stage, Double> busy = new EnumMap<>(Stage.class);
        try (Worker worker = Worker.start(config(stack, batchTopic, threads, -1), storage(stack), stack.bootstrapServers(),
                meters); Results results = new Results(kafka)) {
            List<Job> batch = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                batch.add(job(run, "batch-" + i, sourceKey, format));
            }
            long start = System.nanoTime();
            for (Job job : batch) {
                publish(kafka, batchTopic, job);
            }
            for (Job job : batch) {
                JobResult r = results.await(job.jobId(), Duration.ofMinutes(10));
                if (r.status() != JobStatus.DONE) {
                    throw new IllegalStateException("a batch job failed: " + r.reason());
                }
            }
            seconds = (System.nanoTime() - start) / 1e9;
            for (Stage stage : Stage.values()) {
                Timer timer = meters.find("nightshift.worker.stage").tag("stage", stage.wireName()).timer();
                busy.put(stage, timer == null ? 0 : timer.totalTime(java.util.concurrent.TimeUnit.SECONDS) / seconds);
            }
        }
        double imagesPerS = jobs / seconds;
        double efficiency = imagesPerS * sumMs / 1000.0;
        JsonLine stages = new JsonLine();
        stageMs.forEach((stage, ms) -> stages.put(stage.wireName(), ms));
        JsonLine busyLine = new JsonLine();
        busy.forEach((stage, b) -> busyLine.put(stage.wireName(), Math.round(b * 1000) / 1000.0));
        System.out.println(new JsonLine()
                .put("images_per_s", imagesPerS)
                .put("stage_ms", stages)
                .put("stage_sum_ms", sumMs)
                .put("stage_busy", busyLine)
                .put("efficiency", efficiency)
                .put("target", 0.9)
                .put("pass", efficiency >= 0.9)
                .put("jobs", jobs)
                .put("batch_s", seconds)
                .put("format", format.wireName())
                .put("model_set", setVersion)
                .put("random_weights", random)
                .put("megapixels", SonyLikeFrame.WIDTH * SonyLikeFrame.HEIGHT / 1e6)
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("engine_threads", threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() - 1)));
    }

    /** The set the bench runs: the trainer's default set published (idempotent), else whatever is announced, else random. */
    static String modelSet(MinioClient s3, Properties kafka, Path models) throws Exception {
        ModelSetPublisher publisher = new ModelSetPublisher(s3, "nightshift-models", kafka);
        if (Files.isRegularFile(models.resolve(ModelRegistry.MANIFEST))) {
            return publisher.publish(models).manifest().setVersion();
        }
        var latest = ModelSetAnnouncements.latest(kafka, Duration.ofSeconds(60));
        if (latest.isPresent()) {
            return latest.get().manifest().setVersion();
        }
        Path folder = Files.createTempDirectory("nightshift-bench-set-");
        io.nightshift.inference.registry.RandomModelSet.write(folder, 1, "WorkerBench: no default set");
        Announcement a = publisher.publish(folder);
        return a.manifest().setVersion();
    }

    private static WorkerConfig config(StackConfig stack, String topic, int threads, int maxInFlight) {
        Map<String, String> p = new HashMap<>();
        p.put("nightshift.worker.id", "bench-" + ProcessHandle.current().pid());
        p.put("nightshift.worker.kafka.jobs-topic", topic);
        p.put("nightshift.worker.kafka.group", topic + "-workers");
        p.put("nightshift.worker.engine.threads", Integer.toString(threads));
        p.put("nightshift.worker.models.publish-default-when-none", "false");
        if (maxInFlight > 0) {
            p.put("nightshift.worker.pipeline.max-in-flight", Integer.toString(maxInFlight));
        }
        return build(p).getConfigMapping(WorkerConfig.class);
    }

    private static StorageConfig storage(StackConfig stack) {
        return build(stack.serviceProperties()).getConfigMapping(StorageConfig.class);
    }

    private static SmallRyeConfig build(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "bench", 500))
                .addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(WorkerConfig.class).withMapping(StorageConfig.class)
                .build();
    }

    static String topic(Properties kafka, String name) throws Exception {
        String topic = "nightshift.jobs." + name;
        try (Admin admin = Admin.create(kafka)) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
        }
        return topic;
    }

    static Job job(String run, String name, String sourceKey, OutputFormat format) {
        return new Job(run + "-" + name, run, 1, new ObjectRef("nightshift-raw", sourceKey),
                new ObjectRef("nightshift-results", "out/" + run + "/" + name + "." + format.extension()), format, null,
                Instant.now());
    }

    static void publish(Properties kafka, String topic, Job job) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, job.jobId(), ProtocolJson.write(job))).get();
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** The results topic, read from its end as of now. */
    static final class Results implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<String, JobResult> seen = new HashMap<>();

        Results(Properties kafka) {
            consumer = new KafkaConsumer<>(kafka, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor("nightshift.results").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        JobResult await(String jobId, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!seen.containsKey(jobId)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no result for " + jobId + " within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    JobResult result = ProtocolJson.readResult(r.value());
                    seen.put(result.jobId(), result);
                }
            }
            return seen.get(jobId);
        }

        @Override
        public void close() {
            consumer.close(Duration.ZERO);
        }
    }

}
