package io.nightshift.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The JSON form of protocol v1. Every message carries {@code schemaVersion}; readers ignore fields they do not
 * know (so v1 can grow), keep an error class they do not know as its name (so v1 can add classes: see
 * {@link ErrorClass}), and refuse a major version they do not speak. Missing or malformed fields are refused
 * with an {@link InvalidMessageException} that names the field; hostile keys with a {@link KeyNotAllowedException}.
 * Thread-safe.
 */
public final class ProtocolJson {
    /** The schema version this code writes and reads. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Function<String, JobStatus> STATUS = byWireName(JobStatus.class, Enum::name);
    /** Any well-formed class name, this version's or a later one's: kept as text, so that v1 can add classes. */
    private static final Function<String, String> ERROR_CLASS = text -> {
        if (!ErrorClass.isWellFormedName(text)) {
            throw new IllegalArgumentException("'" + text + "' is not " + ErrorClass.NAME_RULE);
        }
        return text;
    };
    private static final Function<String, RatioSource> RATIO_SOURCE = byWireName(RatioSource.class, RatioSource::wireName);
    private static final Function<String, OutputFormat> FORMAT = byWireName(OutputFormat.class, OutputFormat::wireName);

    private ProtocolJson() {
    }

    // ---- job ----------------------------------------------------------------------------------------------

    public static byte[] write(Job job) {
        return bytes(jobNode(job));
    }

    public static Job readJob(byte[] json) {
        return job(JsonFields.root(parse(json)));
    }

    /**
     * Reads whatever ids a broken job message still has, so that its failure can be reported against its
     * job and batch. Never throws.
     */
    public static Optional<JobIds> peekIds(byte[] json) {
        try {
            JsonNode node = parse(json);
            JsonNode jobId = node.get("jobId");
            JsonNode batchId = node.get("batchId");
            JsonNode attempt = node.get("attempt");
            if (jobId == null || !jobId.isTextual() || jobId.textValue().isBlank()
                    || batchId == null || !batchId.isTextual() || batchId.textValue().isBlank()) {
                return Optional.empty();
            }
            int number = attempt != null && attempt.canConvertToInt() && attempt.intValue() > 0 ? attempt.intValue() : 1;
            return Optional.of(new JobIds(jobId.textValue(), batchId.textValue(), number));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The identity of a job as far as it could be read from a message. */
    public record JobIds(String jobId, String batchId, int attempt) {
    }

    private static ObjectNode jobNode(Job job) {
        ObjectNode node = versioned();
        node.put("jobId", job.jobId());
        node.put("batchId", job.batchId());
        node.put("attempt", job.attempt());
        ObjectNode source = node.putObject("source");
        source.put("bucket", job.source().bucket());
        source.put("key", job.source().key());
        if (job.source().etag() != null) {
            source.put("etag", job.source().etag());
        }
        ObjectNode output = node.putObject("output");
        output.put("bucket", job.output().bucket());
        output.put("key", job.output().key());
        node.put("format", job.format().wireName());
        if (job.ratio() != null) {
            node.put("ratio", job.ratio());
        }
        node.put("submittedAt", job.submittedAt().toString());
        return node;
    }

    private static Job job(JsonFields fields) {
        checkVersion(fields);
        JsonFields source = fields.object("source");
        JsonFields output = fields.object("output");
        return new Job(
                id(fields, "jobId"),
                id(fields, "batchId"),
                fields.positiveInt("attempt"),
                new ObjectRef(bucket(source, "bucket"), key(source, "key"), source.optionalString("etag")),
                new ObjectRef(bucket(output, "bucket"), key(output, "key")),
                fields.enumValue("format", FORMAT),
                fields.optionalPositiveNumber("ratio"),
                fields.instant("submittedAt"));
    }

    // ---- result -------------------------------------------------------------------------------------------

    public static byte[] write(JobResult result) {
        ObjectNode node = versioned();
        node.put("jobId", result.jobId());
        node.put("batchId", result.batchId());
        node.put("attempt", result.attempt());
        node.put("status", result.status().name());
        if (result.outputKey() != null) {
            node.put("outputKey", result.outputKey());
        }
        ObjectNode previews = node.putObject("previewKeys");
        result.previewKeys().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> previews.put(e.getKey(), e.getValue()));
        if (result.modelSet() != null) {
            node.put("modelSet", result.modelSet());
        }
        if (result.ratio() != null) {
            node.put("ratio", result.ratio());
        }
        if (result.ratioSource() != null) {
            node.put("ratioSource", result.ratioSource().wireName());
        }
        if (result.camera() != null) {
            ObjectNode camera = node.putObject("camera");
            if (!result.camera().make().isEmpty()) {
                camera.put("make", result.camera().make());
            }
            if (!result.camera().model().isEmpty()) {
                camera.put("model", result.camera().model());
            }
        }
        ObjectNode stages = node.putObject("stageMs");
        for (Stage stage : Stage.values()) {
            Long ms = result.stageMs().get(stage);
            if (ms != null) {
                stages.put(stage.wireName(), ms);
            }
        }
        node.put("workerId", result.workerId());
        if (result.errorClass() != null) {
            node.put("errorClass", result.errorClass());
        }
        if (result.reason() != null) {
            node.put("reason", result.reason());
        }
        node.put("finishedAt", result.finishedAt().toString());
        return bytes(node);
    }

    public static JobResult readResult(byte[] json) {
        JsonFields fields = JsonFields.root(parse(json));
        checkVersion(fields);
        JobStatus status = fields.enumValue("status", STATUS);
        String outputKey = status == JobStatus.DONE ? key(fields, "outputKey") : fields.optionalString("outputKey");
        Map<String, String> previews = new LinkedHashMap<>();
        JsonFields previewFields = fields.optionalObject("previewKeys");
        if (previewFields != null) {
            for (String role : previewFields.names()) {
                previews.put(role, key(previewFields, role));
            }
        }
        Map<Stage, Long> stageMs = new EnumMap<>(Stage.class);
        JsonFields stageFields = fields.optionalObject("stageMs");
        if (stageFields != null) {
            for (String name : stageFields.names()) {
                // stages a newer writer knows and this reader does not are ignored, like unknown fields
                for (Stage stage : Stage.values()) {
                    if (stage.wireName().equals(name)) {
                        stageMs.put(stage, stageFields.nonNegativeLong(name));
                    }
                }
            }
        }
        String errorClass = status == JobStatus.FAILED
                ? fields.enumValue("errorClass", ERROR_CLASS)
                : fields.optionalEnumValue("errorClass", ERROR_CLASS);
        String reason = status == JobStatus.FAILED ? fields.string("reason") : fields.optionalString("reason");
        return new JobResult(
                id(fields, "jobId"),
                id(fields, "batchId"),
                fields.positiveInt("attempt"),
                status,
                outputKey,
                previews,
                fields.optionalString("modelSet"),
                fields.optionalPositiveNumber("ratio"),
                fields.optionalEnumValue("ratioSource", RATIO_SOURCE),
                camera(fields.optionalObject("camera")),
                stageMs,
                fields.string("workerId"),
                errorClass,
                reason,
                fields.instant("finishedAt"));
    }

    /** A result's camera; {@code null} when absent or naming nothing. */
    private static Camera camera(JsonFields fields) {
        return fields == null ? null : Camera.named(fields.optionalText("make"), fields.optionalText("model"));
    }

    // ---- dead letter --------------------------------------------------------------------------------------

    public static byte[] write(DeadLetter deadLetter) {
        ObjectNode node = versioned();
        if (deadLetter.job() != null) {
            node.set("job", jobNode(deadLetter.job()));
        } else if (deadLetter.storedPayload() != null) {
            storedPayloadNode(node.putObject("rawPayloadStored"), deadLetter.storedPayload());
        } else {
            node.put("rawPayloadBase64", Base64.getEncoder().encodeToString(deadLetter.rawPayload()));
        }
        node.put("errorClass", deadLetter.errorClass());
        node.put("reason", deadLetter.reason());
        node.put("attempts", deadLetter.attempts());
        node.put("workerId", deadLetter.workerId());
        node.put("at", deadLetter.at().toString());
        return bytes(node);
    }

    public static DeadLetter readDeadLetter(byte[] json) {
        JsonFields fields = JsonFields.root(parse(json));
        checkVersion(fields);
        Job job = fields.absent("job") ? null : job(fields.object("job"));
        byte[] raw = null;
        StoredPayload stored = null;
        if (job == null && !fields.absent("rawPayloadStored")) {
            stored = storedPayload(fields.object("rawPayloadStored"));
        } else if (job == null) {
            try {
                raw = Base64.getDecoder().decode(fields.string("rawPayloadBase64"));
            } catch (IllegalArgumentException e) {
                throw new InvalidMessageException("rawPayloadBase64", "must be base64");
            }
        }
        return new DeadLetter(job, raw,
                fields.enumValue("errorClass", ERROR_CLASS),
                fields.string("reason"),
                fields.positiveInt("attempts"),
                fields.string("workerId"),
                fields.instant("at"),
                stored);
    }

    private static void storedPayloadNode(ObjectNode node, StoredPayload stored) {
        node.put("bucket", stored.location().bucket());
        node.put("key", stored.location().key());
        node.put("bytes", stored.bytes());
        node.put("sha256", stored.sha256());
        if (stored.ids() != null) {
            node.put("jobId", stored.ids().jobId());
            node.put("batchId", stored.ids().batchId());
            node.put("attempt", stored.ids().attempt());
        }
    }

    private static StoredPayload storedPayload(JsonFields fields) {
        ObjectRef location = new ObjectRef(bucket(fields, "bucket"), key(fields, "key"));
        long bytes = fields.nonNegativeLong("bytes");
        String sha256 = fields.string("sha256");
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new InvalidMessageException(fields.field("sha256"), "must be 64 lower-case hex digits");
        }
        JobIds ids = fields.absent("jobId") ? null
                : new JobIds(id(fields, "jobId"), id(fields, "batchId"), fields.positiveInt("attempt"));
        return new StoredPayload(location, bytes, sha256, ids);
    }

    // ---- model set ----------------------------------------------------------------------------------------

    public static byte[] write(ModelSetManifest manifest) {
        ObjectNode node = versioned();
        node.put("setVersion", manifest.setVersion());
        modelNode(node.putObject("enhancer"), manifest.enhancer());
        modelNode(node.putObject("ratioEstimator"), manifest.ratioEstimator());
        if (manifest.enhancerFp16() != null) {
            modelNode(node.putObject("enhancerFp16"), manifest.enhancerFp16());
        }
        if (manifest.enhancerInt8() != null) {
            modelNode(node.putObject("enhancerInt8"), manifest.enhancerInt8());
        }
        ObjectNode metrics = node.putObject("metrics");
        manifest.metrics().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> metrics.put(e.getKey(), e.getValue()));
        if (manifest.data() != null) {
            node.put("data", manifest.data());
        }
        if (manifest.command() != null) {
            node.put("command", manifest.command());
        }
        node.put("createdAt", manifest.createdAt().toString());
        return bytes(node);
    }

    public static ModelSetManifest readModelSet(byte[] json) {
        JsonFields fields = JsonFields.root(parse(json));
        checkVersion(fields);
        Map<String, Double> metrics = new LinkedHashMap<>();
        JsonFields metricFields = fields.optionalObject("metrics");
        if (metricFields != null) {
            for (String name : metricFields.names()) {
                metrics.put(name, metricFields.optionalNumber(name));
            }
        }
        metrics.values().removeIf(v -> v == null);
        return new ModelSetManifest(
                id(fields, "setVersion"),
                model(fields.object("enhancer")),
                model(fields.object("ratioEstimator")),
                fields.absent("enhancerFp16") ? null : model(fields.object("enhancerFp16")),
                fields.absent("enhancerInt8") ? null : model(fields.object("enhancerInt8")),
                metrics,
                fields.optionalString("data"),
                fields.optionalString("command"),
                fields.instant("createdAt"));
    }

    private static void modelNode(ObjectNode node, ModelFile model) {
        node.put("key", model.key());
        node.put("sha256", model.sha256());
    }

    private static ModelFile model(JsonFields fields) {
        String sha = fields.string("sha256");
        if (!sha.matches("[0-9a-f]{64}")) {
            throw new InvalidMessageException(fields.field("sha256"), "must be 64 lower-case hex digits");
        }
        return new ModelFile(key(fields, "key"), sha);
    }

    // ---- shared -------------------------------------------------------------------------------------------

    private static String id(JsonFields fields, String name) {
        String value = fields.string(name);
        if (!ObjectKeys.isValidId(value)) {
            throw new InvalidMessageException(fields.field(name), "must be " + ObjectKeys.ID_RULE);
        }
        return value;
    }

    private static String bucket(JsonFields fields, String name) {
        return ObjectKeys.requireBucketName(fields.field(name), fields.string(name));
    }

    private static String key(JsonFields fields, String name) {
        return ObjectKeys.requireSafeKey(fields.field(name), fields.string(name));
    }

    /** Parses an enum by its wire name, refusing others with the list of allowed names. */
    private static <E extends Enum<E>> Function<String, E> byWireName(Class<E> type, Function<E, String> wireName) {
        return text -> {
            for (E constant : type.getEnumConstants()) {
                if (wireName.apply(constant).equals(text)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not one of " + Arrays.stream(type.getEnumConstants())
                    .map(wireName).collect(Collectors.joining(", ")));
        };
    }

    private static void checkVersion(JsonFields fields) {
        int version = fields.positiveInt("schemaVersion");
        if (version != SCHEMA_VERSION) {
            throw new InvalidMessageException(fields.field("schemaVersion"),
                    "version " + version + " is not supported; this reader speaks " + SCHEMA_VERSION);
        }
    }

    private static ObjectNode versioned() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("schemaVersion", SCHEMA_VERSION);
        return node;
    }

    private static JsonNode parse(byte[] json) {
        if (json == null || json.length == 0) {
            throw new InvalidMessageException(null, "the message is empty");
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new InvalidMessageException(null, "the message is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidMessageException(null, "the message is not valid JSON: " + firstLine(e));
        }
    }

    private static String firstLine(IOException e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + node, e);
        }
    }
}
