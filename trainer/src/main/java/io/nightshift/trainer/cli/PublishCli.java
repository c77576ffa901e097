package io.nightshift.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.MinioClient;
import io.nightshift.modelstore.Announcement;
import io.nightshift.modelstore.ModelSetPublisher;
import io.nightshift.modelstore.PublishRefusedException;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.modelstore.ModelSetAnnouncements;
import io.nightshift.modelstore.ModelSetLayout;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.Topic;
import io.nightshift.trainer.eval.PublishGate;
import java.nio.file.Files;
import java.util.Optional;
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
 * PublishCli [--models models/default] [--bucket nightshift-models] [--channel default] [--force]
 *            [--gate-set .nightshift/eval-v3/validation] [--gate-count N] [--gate-packed 256]
 * </pre>
 *
 * <p>First the gate ({@link PublishGate}): when the channel serves another set, the registry loads that set from the
 * bucket (checksums checked, as a worker loads it) and both are scored on the validation split ({@code EvaluateCli}'s items, generated when missing); a
 * candidate worse beyond the interval on PSNR at the true ratio or with its estimated ratio is refused, unless
 * {@code --force}. The first set of a channel, and the serving set published again, pass without scoring.
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
        boolean force = false;
        EvaluateCli.Options gate = gateOptions();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--force")) {
                force = true;
                continue;
            }
            if (i + 1 >= args.length) {
                return usage(out, "missing value after " + args[i]);
            }
            switch (args[i]) {
                case "--models" -> models = Path.of(args[++i]);
                case "--bucket" -> bucket = args[++i];
                case "--channel" -> channel = args[++i];
                case "--gate-set" -> gate = gateSplit(gate, Path.of(args[++i]), gate.count(), gate.packed());
                case "--gate-count" -> gate = gateSplit(gate, gate.set(), Integer.parseInt(args[++i]), gate.packed());
                case "--gate-packed" -> gate = gateSplit(gate, gate.set(), gate.count(), Integer.parseInt(args[++i]));
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
            ModelSetPublisher publisher = new ModelSetPublisher(s3, bucket, kafka, Topic.MODEL_SETS.topicName(), channel);
            Map<String, Object> gateLine = new LinkedHashMap<>();
            Optional<PublishGate.Verdict> verdict = gate(publisher, kafka, channel, models, gate, out, gateLine);
            if (verdict.isPresent() && verdict.get().refused()) {
                if (!force) {
                    line.put("gate", gateLine);
                    return fail(out, line, "refused by the gate: " + verdict.get().reason()
                            + " (--force publishes it anyway)");
                }
                out.println("the gate refused it (" + verdict.get().reason() + "); publishing anyway: --force");
            }
            Announcement a = publisher.publish(models);
            out.printf("published model set %s from %s to s3://%s/%s and announced it on %s (channel %s)%n",
                    a.manifest().setVersion(), models, bucket, a.manifestKey(), Topic.MODEL_SETS.topicName(), channel);
            line.put("ok", true);
            line.put("set_version", a.manifest().setVersion());
            line.put("bucket", bucket);
            line.put("manifest_key", a.manifestKey());
            line.put("topic", Topic.MODEL_SETS.topicName());
            line.put("channel", a.channel());
            line.put("offset", a.offset());
            line.put("gate", gateLine);
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

    /**
     * The gate: empty when there is nothing to compare (no set on the channel, or the serving set itself); else the
     * verdict, whose figures go into {@code gateLine}.
     */
    private static Optional<PublishGate.Verdict> gate(ModelSetPublisher publisher, Properties kafka, String channel,
                                                      Path models, EvaluateCli.Options options, PrintStream out,
                                                      Map<String, Object> gateLine) throws IOException {
        String candidate = ProtocolJson.readModelSet(Files.readAllBytes(models.resolve(ModelRegistry.MANIFEST)))
                .setVersion();
        Optional<String> serving = servingVersion(kafka, channel);
        if (serving.isEmpty() || serving.get().equals(candidate)) {
            String why = serving.isEmpty() ? "no set serves channel " + channel + " yet"
                    : "set " + candidate + " already serves channel " + channel;
            out.println("gate: " + why + "; nothing to compare");
            gateLine.put("compared", false);
            gateLine.put("reason", why);
            return Optional.empty();
        }
        out.println("gate: scoring " + candidate + " and the serving set " + serving.get()
                + " on the validation split " + options.setFolder());
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        EvaluateCli.Measured c = EvaluateCli.measure(with(options, models), quiet);
        EvaluateCli.Measured s = EvaluateCli.measure(options, publisher.store(),
                ModelSetLayout.manifestKey(serving.get()), quiet);
        PublishGate.Verdict v = PublishGate.compare(serving.get(), c.items(), s.items());
        gateLine.put("compared", true);
        gateLine.put("serving", serving.get());
        gateLine.put("items", v.items());
        gateLine.put("scenes", v.scenes());
        gateLine.put("refused", v.refused());
        for (PublishGate.Figure f : v.figures()) {
            Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("candidate", round(f.candidate()));
            figure.put("serving", round(f.serving()));
            figure.put("difference", round(f.difference().value()));
            figure.put("ci95", java.util.List.of(round(f.difference().low()), round(f.difference().high())));
            gateLine.put(f.name(), figure);
        }
        out.println("gate: " + v.reason());
        return Optional.of(v);
    }

    /** The version a channel serves: its latest announcement on the model-set topic, if any. */
    private static Optional<String> servingVersion(Properties kafka, String channel) throws IOException {
        try {
            return ModelSetAnnouncements.latest(kafka, Topic.MODEL_SETS.topicName(), channel, Duration.ofSeconds(30))
                    .map(a -> a.manifest().setVersion());
        } catch (TimeoutException e) {
            throw new IOException("could not read the model-set topic to its end within 30 s: " + e.getMessage(), e);
        }
    }

    /** The validation split as the gate scores it: no whole frames, no training-scene ratios, quiet. */
    static EvaluateCli.Options gateOptions() {
        EvaluateCli.Options d = EvaluateCli.Options.defaults();
        return new EvaluateCli.Options(d.models(), EvaluateCli.Split.VALIDATION, null, null, java.util.List.of(), true,
                false, false, 0, d.packed(), 0, 0, d.frameHeight(), d.frameWidth(), new double[0], null,
                java.util.List.of());
    }

    /** {@code o} on another validation folder, item count or packed size. */
    private static EvaluateCli.Options gateSplit(EvaluateCli.Options o, Path set, int count, int packed) {
        return new EvaluateCli.Options(o.models(), o.split(), set, o.photos(), o.sources(), o.json(), o.update(),
                o.asIs(), o.seed(), packed, count, o.wholeFrames(), o.frameHeight(), o.frameWidth(), o.tuneDenoise(),
                o.log(), o.oracle());
    }

    private static EvaluateCli.Options with(EvaluateCli.Options o, Path models) {
        return new EvaluateCli.Options(models, o.split(), o.set(), o.photos(), o.sources(), o.json(), o.update(),
                o.asIs(), o.seed(), o.packed(), o.count(), o.wholeFrames(), o.frameHeight(), o.frameWidth(),
                o.tuneDenoise(), o.log(), o.oracle());
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static int fail(PrintStream out, Map<String, Object> line, String message) {
        out.println("error: " + message);
        Object gate = line.get("gate");
        line.clear();
        line.put("ok", false);
        line.put("error", message);
        if (gate != null) {
            line.put("gate", gate);
        }
        out.println(json(line));
        return 1;
    }

    private static int usage(PrintStream out, String problem) {
        out.println("error: " + problem);
        out.println("usage: PublishCli [--models DIR] [--bucket NAME] [--channel NAME] [--force] [--gate-set DIR]"
                + " [--gate-count N] [--gate-packed N]");
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
