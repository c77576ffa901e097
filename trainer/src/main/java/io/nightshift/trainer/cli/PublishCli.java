package io.nightshift.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.MinioClient;
import io.nightshift.modelstore.Announcement;
import io.nightshift.modelstore.ModelSetPublisher;
import io.nightshift.modelstore.PublishRefusedException;
import io.nightshift.protocol.Topic;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Publishes a model-set folder (as {@code TrainCli} writes it and {@code models/default} holds it): uploads the
 * models and the manifest to the models bucket and announces the set on the model-set topic, so running workers
 * hot-reload it ({@link ModelSetPublisher}).
 *
 * <pre>
 * PublishCli [--models models/default] [--bucket nightshift-models] [--channel default]
 * </pre>
 *
 * Connection settings come from the environment, with the local stack's defaults, as the worker reads them:
 * {@code NIGHTSHIFT_S3_ENDPOINT} ({@code http://127.0.0.1:9000}), {@code NIGHTSHIFT_S3_ACCESS_KEY}
 * ({@code nightshift}), {@code NIGHTSHIFT_S3_SECRET_KEY} ({@code nightshift-secret}), {@code KAFKA_BOOTSTRAP_SERVERS}
 * ({@code 127.0.0.1:9092}), {@code NIGHTSHIFT_MODELS_BUCKET} ({@code nightshift-models}). Prints one JSON line; exit
 * status 1 when the set is refused (bad manifest, a model whose SHA-256 differs, a version already published with
 * other models) or the store or broker fails (then it is safe to run again).
 */
public final class PublishCli {

    static final String DEFAULT_BUCKET = "nightshift-models";

    private PublishCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out));
    }

    /** The command with its environment; returns the exit status. */
    static int run(String[] args, Map<String, String> env, PrintStream out) {
        Path models = Path.of("models/default");
        String bucket = env.getOrDefault("NIGHTSHIFT_MODELS_BUCKET", DEFAULT_BUCKET);
        String channel = ModelSetPublisher.DEFAULT_CHANNEL;
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length) {
                return usage(out, "missing value after " + args[i]);
            }
            switch (args[i]) {
                case "--models" -> models = Path.of(args[++i]);
                case "--bucket" -> bucket = args[++i];
                case "--channel" -> channel = args[++i];
                default -> {
                    return usage(out, "unknown argument " + args[i]);
                }
            }
        }
        String endpoint = env.getOrDefault("NIGHTSHIFT_S3_ENDPOINT", "http://127.0.0.1:9000");
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        kafka.put("max.block.ms", "30000");
        Map<String, Object> line = new LinkedHashMap<>();
        try (MinioClient s3 = MinioClient.builder().endpoint(endpoint)
                .credentials(env.getOrDefault("NIGHTSHIFT_S3_ACCESS_KEY", "nightshift"),
                        env.getOrDefault("NIGHTSHIFT_S3_SECRET_KEY", "nightshift-secret")).build()) {
            Announcement a = new ModelSetPublisher(s3, bucket, kafka, Topic.MODEL_SETS.topicName(), channel)
                    .publish(models);
            out.printf("published model set %s from %s to s3://%s/%s and announced it on %s (channel %s)%n",
                    a.manifest().setVersion(), models, bucket, a.manifestKey(), Topic.MODEL_SETS.topicName(), channel);
            line.put("ok", true);
            line.put("set_version", a.manifest().setVersion());
            line.put("bucket", bucket);
            line.put("manifest_key", a.manifestKey());
            line.put("topic", Topic.MODEL_SETS.topicName());
            line.put("channel", a.channel());
            line.put("offset", a.offset());
            out.println(json(line));
            return 0;
        } catch (PublishRefusedException | IllegalArgumentException e) {
            return fail(out, line, "refused: " + e.getMessage());
        } catch (IOException e) {
            return fail(out, line, e.getMessage() + " (nothing is half-published: safe to run again)");
        } catch (Exception e) {
            // MinioClient.close() declares Exception
            return fail(out, line, String.valueOf(e.getMessage()));
        }
    }

    private static int fail(PrintStream out, Map<String, Object> line, String message) {
        out.println("error: " + message);
        line.clear();
        line.put("ok", false);
        line.put("error", message);
        out.println(json(line));
        return 1;
    }

    private static int usage(PrintStream out, String problem) {
        out.println("error: " + problem);
        out.println("usage: PublishCli [--models DIR] [--bucket NAME] [--channel NAME]");
        return 2;
    }

    private static String json(Map<String, Object> line) {
        try {
            return new ObjectMapper().writeValueAsString(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
