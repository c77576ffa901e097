package io.nightshift.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.MinioClient;
import io.nightshift.modelstore.Announcement;
import io.nightshift.modelstore.ModelSetAnnouncements;
import io.nightshift.modelstore.ModelSetPublisher;
import io.nightshift.modelstore.PublishRefusedException;
import io.nightshift.protocol.Topic;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The fleet's administration commands, run by the Helm chart's hook Jobs from the admin image (no Quarkus, no
 * trainer, no PyTorch):
 *
 * <pre>
 * AdminCli topics [--jobs-partitions N] [--other-partitions N] [--replication-factor R]
 * AdminCli models publish-if-none --models DIR [--bucket nightshift-models] [--channel default]
 * AdminCli models publish --models DIR [--bucket …] [--channel …]     (a rollout: workers hot-reload it)
 * AdminCli models announce --version V [--bucket …] [--channel …]     (a rollback to a set published before)
 * </pre>
 *
 * {@code topics} creates the protocol's topics ({@link Topic}) that are missing and grows the partitions of those that
 * have fewer than asked; it never shrinks or deletes one ({@link TopicPlan}). {@code models publish-if-none} publishes
 * the set in {@code DIR} only when the channel has no announcement ({@link ModelSetPublisher#publishIfNoneAnnounced}),
 * so it never goes over a newer set. Connection settings come from the environment the services read:
 * {@code KAFKA_BOOTSTRAP_SERVERS}, {@code NIGHTSHIFT_S3_ENDPOINT}, {@code NIGHTSHIFT_S3_ACCESS_KEY},
 * {@code NIGHTSHIFT_S3_SECRET_KEY}; Kafka security from the {@code kafka.*} keys of the Quarkus properties file named by
 * {@code QUARKUS_CONFIG_LOCATIONS} (the chart's {@code global.kafkaSecurity}). Each command ends with one JSON line;
 * exit status 0 done, 1 failed (safe to run again), 2 usage.
 */
public final class AdminCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out));
    }

    /** The command with its environment; returns the exit status. */
    public static int run(String[] args, Map<String, String> env, PrintStream out) {
        if (args.length == 0) {
            return usage(out, "no command");
        }
        Map<String, String> options = new LinkedHashMap<>();
        int first = args[0].equals("models") ? 2 : 1;
        if (args[0].equals("models")
                && (args.length < 2 || !List.of("publish-if-none", "publish", "announce").contains(args[1]))) {
            return usage(out, "models needs publish-if-none, publish or announce");
        }
        for (int i = first; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                return usage(out, "unexpected argument " + arg);
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                options.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                options.put(arg.substring(2), args[++i]);
            } else {
                return usage(out, "missing value after " + arg);
            }
        }
        Map<String, Object> line = new LinkedHashMap<>();
        try {
            Properties kafka = kafkaProperties(env);
            return switch (args[0]) {
                case "topics" -> topics(options, kafka, out, line);
                case "models" -> models(args[1], options, env, kafka, out, line);
                default -> usage(out, "unknown command " + args[0]);
            };
        } catch (IllegalArgumentException e) {
            return usage(out, e.getMessage());
        } catch (Exception e) {
            line.clear();
            line.put("ok", false);
            line.put("error", String.valueOf(e.getMessage()));
            out.println("error: " + e.getMessage() + " (safe to run again)");
            out.println(json(line));
            return 1;
        }
    }

    private static int topics(Map<String, String> options, Properties kafka, PrintStream out, Map<String, Object> line)
            throws Exception {
        int jobs = intOption(options, "jobs-partitions", Topic.JOBS.defaultPartitions());
        int others = intOption(options, "other-partitions", 3);
        short replication = (short) intOption(options, "replication-factor", 1);
        unknown(options, "jobs-partitions", "other-partitions", "replication-factor");
        TopicPlan plan = TopicPlan.of(jobs, others, replication);
        TopicPlan.Outcome outcome = plan.apply(kafka, Duration.ofSeconds(60));
        outcome.lines().forEach(out::println);
        line.put("ok", true);
        line.put("created", outcome.created());
        line.put("grown", outcome.grown());
        line.put("unchanged", outcome.unchanged());
        line.put("partitions", outcome.partitions());
        out.println(json(line));
        return 0;
    }

    private static int models(String action, Map<String, String> options, Map<String, String> env, Properties kafka,
                              PrintStream out, Map<String, Object> line) throws Exception {
        String folder = options.get("models");
        String version = options.get("version");
        if (action.equals("announce") ? version == null : folder == null) {
            throw new IllegalArgumentException(action.equals("announce") ? "--version V is required"
                    : "--models DIR is required");
        }
        String bucket = options.getOrDefault("bucket", "nightshift-models");
        String channel = options.getOrDefault("channel", ModelSetPublisher.DEFAULT_CHANNEL);
        unknown(options, "models", "version", "bucket", "channel");
        try (MinioClient s3 = MinioClient.builder()
                .endpoint(env.getOrDefault("NIGHTSHIFT_S3_ENDPOINT", "http://127.0.0.1:9000"))
                .credentials(env.getOrDefault("NIGHTSHIFT_S3_ACCESS_KEY", "nightshift"),
                        env.getOrDefault("NIGHTSHIFT_S3_SECRET_KEY", "nightshift-secret")).build()) {
            ModelSetPublisher publisher = new ModelSetPublisher(s3, bucket, kafka, Topic.MODEL_SETS.topicName(), channel);
            if (!action.equals("publish-if-none")) {
                Announcement a;
                try {
                    a = action.equals("announce") ? publisher.announce(version) : publisher.publish(Path.of(folder));
                } catch (PublishRefusedException e) {
                    throw new IOException("refused: " + e.getMessage(), e);
                }
                out.printf("model set %s announced on channel %s (offset %d): workers load it now%n",
                        a.manifest().setVersion(), channel, a.offset());
                return served(out, line, channel, a);
            }
            // publishIfNoneAnnounced, spelled out so that the line says which happened
            Optional<Announcement> latest = ModelSetAnnouncements.latest(kafka, Topic.MODEL_SETS.topicName(), channel,
                    Duration.ofSeconds(60));
            Announcement a;
            try {
                a = latest.isPresent() ? latest.get() : publisher.publish(Path.of(folder));
            } catch (PublishRefusedException e) {
                throw new IOException("refused: " + e.getMessage(), e);
            }
            boolean published = latest.isEmpty();
            out.printf("channel %s serves model set %s%s%n", channel, a.manifest().setVersion(),
                    published ? " (published now from " + folder + ")" : " (already announced: nothing published)");
            line.put("published", published);
            return served(out, line, channel, a);
        }
    }

    /** Bootstrap servers from the environment, security from the {@code kafka.*} keys of the services' config file. */
    static Properties kafkaProperties(Map<String, String> env) throws IOException {
        Properties kafka = new Properties();
        String locations = env.get("QUARKUS_CONFIG_LOCATIONS");
        if (locations != null && !locations.isBlank()) {
            for (String location : locations.split(",")) {
                Properties file = new Properties();
                try (Reader reader = Files.newBufferedReader(Path.of(location.trim()), StandardCharsets.UTF_8)) {
                    file.load(reader);
                }
                for (String name : file.stringPropertyNames()) {
                    if (name.startsWith("kafka.")) {
                        kafka.put(name.substring("kafka.".length()), file.getProperty(name));
                    }
                }
            }
        }
        kafka.put("bootstrap.servers", env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        kafka.putIfAbsent("max.block.ms", "30000");
        return kafka;
    }

    private static int intOption(Map<String, String> options, String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 1) {
                throw new IllegalArgumentException("--" + name + " must be at least 1");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, not '" + value + "'");
        }
    }

    private static void unknown(Map<String, String> options, String... known) {
        for (String name : options.keySet()) {
            if (!java.util.Arrays.asList(known).contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
    }

    private static int usage(PrintStream out, String problem) {
        out.println("error: " + problem);
        out.println("usage: AdminCli topics [--jobs-partitions N] [--other-partitions N] [--replication-factor R]");
        out.println("       AdminCli models publish-if-none|publish --models DIR [--bucket NAME] [--channel NAME]");
        out.println("       AdminCli models announce --version V [--bucket NAME] [--channel NAME]");
        return 2;
    }

    /** The line of a channel that serves {@code a} now; status 0. */
    private static int served(PrintStream out, Map<String, Object> line, String channel, Announcement a) {
        line.put("ok", true);
        line.put("channel", channel);
        line.put("set_version", a.manifest().setVersion());
        line.put("offset", a.offset());
        out.println(json(line));
        return 0;
    }

    static String json(Map<String, Object> line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
