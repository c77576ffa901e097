package io.nightshift.modelstore;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.errors.MinioException;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.protocol.InvalidMessageException;
import io.nightshift.protocol.KeyNotAllowedException;
import io.nightshift.protocol.ModelFile;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.protocol.ObjectKeys;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.Topic;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes model sets: uploads a set folder ({@code manifest.json} and its models, as the trainer and
 * {@code ModelSetFolder} write it) to the models bucket under {@link ModelSetLayout}, then announces it on
 * the model-set topic, then moves the channel's {@link ModelSetLayout#latest} pointer. The order makes every step
 * safe to repeat and every reader safe: a manifest is uploaded only after its models, and a set is
 * announced only after its manifest. Every model's SHA-256 is checked against the manifest before
 * anything is uploaded. Announcing an older, already published version rolls the fleet back
 * ({@link #announce(String)}).
 */
public final class ModelSetPublisher {

    /** The model-set channel (the record key) that workers follow unless configured otherwise. */
    public static final String DEFAULT_CHANNEL = "default";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = System.getLogger(ModelSetPublisher.class.getName());

    private final MinioClient s3;
    private final S3ModelStore store;
    private final Properties kafka;
    private final String topic;
    private final String channel;
    private boolean unconditionalLogged;

    /**
     * @param s3     the caller's client (not closed here)
     * @param bucket the models bucket
     * @param kafka  bootstrap servers and any security settings
     */
    public ModelSetPublisher(MinioClient s3, String bucket, Properties kafka, String topic, String channel) {
        if (!ObjectKeys.isValidId(channel)) {
            throw new IllegalArgumentException("channel '" + channel + "' is not valid: " + ObjectKeys.ID_RULE);
        }
        this.s3 = s3;
        this.store = new S3ModelStore(s3, bucket);
        this.kafka = kafka;
        this.topic = topic;
        this.channel = channel;
    }

    /** On the default topic and channel. */
    public ModelSetPublisher(MinioClient s3, String bucket, Properties kafka) {
        this(s3, bucket, kafka, Topic.MODEL_SETS.topicName(), DEFAULT_CHANNEL);
    }

    public S3ModelStore store() {
        return store;
    }

    /**
     * Uploads and announces the set in {@code folder}.
     *
     * @throws PublishRefusedException when the folder's set must not be published (nothing announced)
     * @throws IOException             when the object store or the broker fails (safe to retry)
     */
    public Announcement publish(Path folder) throws IOException {
        ModelSetManifest manifest = readManifest(folder);
        String version = manifest.setVersion();
        if (!ObjectKeys.isValidId(version)) {
            throw new PublishRefusedException("model-set version '" + version + "' is not valid: " + ObjectKeys.ID_RULE);
        }
        List<ModelFile> models = manifest.files();
        List<byte[]> bytes = new java.util.ArrayList<>();
        for (ModelFile model : models) {
            bytes.add(readChecked(folder, model));
        }
        refuseConflict(manifest);
        for (int i = 0; i < models.size(); i++) {
            create(ModelSetLayout.modelKey(version, models.get(i).key()), bytes.get(i), "application/octet-stream");
        }
        create(ModelSetLayout.manifestKey(version), ProtocolJson.write(manifest), "application/json");
        Announcement announcement = announce(manifest);
        LOG.log(Level.INFO, "model set {0} published to {1}/{2} and announced on {3} (channel {4}, offset {5})",
                version, store.describe(), ModelSetLayout.folder(version), topic, channel, announcement.offset());
        return announcement;
    }

    /**
     * Announces a set that is already in the store again, making it the one served: a rollback when it is
     * older than the serving one.
     *
     * @throws NoSuchFileException when no set of that version was published
     */
    public Announcement announce(String setVersion) throws IOException {
        byte[] stored = store.fetch(ModelSetLayout.manifestKey(setVersion));
        Announcement announcement = announce(ProtocolJson.readModelSet(stored));
        LOG.log(Level.INFO, "model set {0} announced again on {1} (channel {2}, offset {3})",
                setVersion, topic, channel, announcement.offset());
        return announcement;
    }

    /**
     * Publishes {@code folder} only when the channel has no announcement yet (a fresh stack); otherwise
     * returns the latest announcement. Two processes doing this at once publish the same bytes twice, which
     * is harmless.
     */
    public Announcement publishIfNoneAnnounced(Path folder, Duration timeout) throws IOException, TimeoutException {
        Optional<Announcement> latest = ModelSetAnnouncements.latest(kafka, topic, channel, timeout);
        return latest.isPresent() ? latest.get() : publish(folder);
    }

    private Announcement announce(ModelSetManifest manifest) throws IOException {
        Properties properties = new Properties();
        properties.putAll(kafka);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "nightshift-model-publisher-" + ProcessHandle.current().pid());
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(topic,
                            channel.getBytes(StandardCharsets.UTF_8), ProtocolJson.write(manifest)))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            put(ModelSetLayout.latest(channel), manifest.setVersion().getBytes(StandardCharsets.UTF_8), "text/plain");
            return new Announcement(channel, manifest, sent.offset());
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IOException("cannot announce model set " + manifest.setVersion() + " on " + topic + ": "
                    + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while announcing model set " + manifest.setVersion(), e);
        }
    }

    private static ModelSetManifest readManifest(Path folder) throws IOException {
        Path file = folder.resolve(ModelRegistry.MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new PublishRefusedException("no " + ModelRegistry.MANIFEST + " in " + folder);
        }
        try {
            return ProtocolJson.readModelSet(Files.readAllBytes(file));
        } catch (InvalidMessageException e) {
            throw new PublishRefusedException(file + " is not a model-set manifest: " + e.getMessage());
        }
    }

    private static byte[] readChecked(Path folder, ModelFile model) throws IOException {
        Path root = folder.toAbsolutePath().normalize();
        Path file;
        try {
            file = root.resolve(ObjectKeys.requireSafeKey("model key", model.key())).normalize();
        } catch (KeyNotAllowedException e) {
            throw new PublishRefusedException("model key '" + model.key() + "' not allowed: " + e.problem());
        }
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            throw new PublishRefusedException("model " + model.key() + " named by the manifest is not in " + folder);
        }
        byte[] bytes = Files.readAllBytes(file);
        String actual = ModelRegistry.sha256(bytes);
        if (!actual.equals(model.sha256())) {
            throw new PublishRefusedException("model " + model.key() + " has SHA-256 " + actual
                    + ", the manifest says " + model.sha256());
        }
        return bytes;
    }

    private static List<String> digests(ModelSetManifest manifest) {
        return manifest.files().stream().map(ModelFile::sha256).toList();
    }

    /** Published sets are immutable: the same version may be published again only with the same models. */
    private void refuseConflict(ModelSetManifest manifest) throws IOException {
        byte[] existing;
        try {
            existing = store.fetch(ModelSetLayout.manifestKey(manifest.setVersion()));
        } catch (NoSuchFileException e) {
            return;
        }
        ModelSetManifest published = ProtocolJson.readModelSet(existing);
        if (!digests(published).equals(digests(manifest))) {
            throw new PublishRefusedException("model set " + manifest.setVersion()
                    + " is already published with other models; published sets are immutable: give it a new version");
        }
    }

    /**
     * Writes one object of a set, never over another: a conditional put the server decides ({@link
     * S3ModelStore#createIfAbsent}), so a publisher racing another one for the same version past {@link
     * #refuseConflict} cannot overwrite its models or manifest. Where the store has no conditional writes
     * ({@code NotImplemented}), the check before the upload is all there is (logged once per publisher).
     */
    private void create(String key, byte[] bytes, String contentType) throws IOException {
        S3ModelStore.Created created;
        try {
            created = store.createIfAbsent(key, bytes, contentType);
        } catch (IOException e) {
            if (e.getCause() instanceof io.minio.errors.ErrorResponseException r
                    && "NotImplemented".equals(r.errorResponse().code())) {
                if (!unconditionalLogged) {
                    unconditionalLogged = true;
                    LOG.log(Level.WARNING, "{0} has no conditional writes: published sets are protected only by the "
                            + "check before the upload", store.describe());
                }
                put(key, bytes, contentType);
                return;
            }
            throw e;
        }
        if (created == S3ModelStore.Created.DIFFERENT) {
            throw new PublishRefusedException(store.describe() + "/" + key + " already holds other bytes (published "
                    + "meanwhile by someone else?); published sets are immutable: give the set a new version");
        }
    }

    private void put(String key, byte[] bytes, String contentType) throws IOException {
        try {
            s3.putObject(PutObjectArgs.builder().bucket(store.bucket()).object(key)
                    .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L)
                    .contentType(contentType).build());
        } catch (MinioException e) {
            throw new IOException("cannot upload " + store.describe() + "/" + key + ": " + e.getMessage(), e);
        }
    }
}
