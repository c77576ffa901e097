package io.nightshift.chaos.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.nightshift.modelstore.ModelSetLayout;
import io.nightshift.modelstore.ModelSetPublisher;
import io.nightshift.protocol.Topic;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The model-set faults, made as an operator (or an attacker with a foot in the store) would make them: a new set
 * announced mid-batch (the committed default set under a new version, through {@link ModelSetPublisher}); a set whose
 * enhancer in the store does not match the checksum its manifest announces; an announcement naming an unsafe model
 * key, written straight to the model-set topic.
 */
public final class ModelSetFaults {
    static final String BUCKET = "nightshift-models";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MinioClient s3;
    private final Properties kafka;
    private final Path defaultSet;
    private final Path work;

    public ModelSetFaults(MinioClient s3, String bootstrapServers, Path defaultSet, Path work) {
        this.s3 = s3;
        this.kafka = new Properties();
        this.kafka.put("bootstrap.servers", bootstrapServers);
        this.defaultSet = defaultSet;
        this.work = work;
    }

    private ModelSetPublisher publisher() {
        return new ModelSetPublisher(s3, BUCKET, kafka, Topic.MODEL_SETS.topicName(), ModelSetPublisher.DEFAULT_CHANNEL);
    }

    /** The default set's models under {@code version}: uploaded and announced. */
    public void announceCopy(String version) throws IOException {
        Path folder = copy(version);
        publisher().publish(folder);
    }

    /**
     * A set under {@code version} whose manifest (stored and announced) carries the true checksums while the enhancer
     * object in the store holds other bytes: the workers must refuse it and keep serving the set before.
     */
    public void announceMismatched(String version) throws Exception {
        Path folder = copy(version);
        ObjectNode manifest = (ObjectNode) JSON.readTree(Files.readAllBytes(folder.resolve("manifest.json")));
        String enhancerKey = manifest.path("enhancer").path("key").asText();
        String ratioKey = manifest.path("ratioEstimator").path("key").asText();
        byte[] enhancer = Files.readAllBytes(folder.resolve(enhancerKey));
        byte[] altered = enhancer.clone();
        altered[altered.length / 2] ^= 0x5A;
        put(ModelSetLayout.modelKey(version, enhancerKey), altered);
        put(ModelSetLayout.modelKey(version, ratioKey), Files.readAllBytes(folder.resolve(ratioKey)));
        for (String optional : new String[] {"enhancerFp16", "enhancerInt8"}) {
            if (manifest.hasNonNull(optional)) {
                String key = manifest.path(optional).path("key").asText();
                put(ModelSetLayout.modelKey(version, key), Files.readAllBytes(folder.resolve(key)));
            }
        }
        put(ModelSetLayout.manifestKey(version), JSON.writeValueAsBytes(manifest));
        publisher().announce(version);
    }

    /** A manifest naming {@code ../escape.onnx} as its enhancer, sent to the model-set topic on the default channel. */
    public void announceUnsafeKey(String version) throws Exception {
        ObjectNode manifest = (ObjectNode) JSON.readTree(Files.readAllBytes(defaultSet.resolve("manifest.json")));
        manifest.put("setVersion", version);
        ((ObjectNode) manifest.get("enhancer")).put("key", "../escape.onnx");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topic.MODEL_SETS.topicName(), ModelSetPublisher.DEFAULT_CHANNEL,
                    JSON.writeValueAsBytes(manifest))).get(30, TimeUnit.SECONDS);
        }
    }

    /** The manifest's model files, by field: the protocol's four (the FP16 and INT8 enhancers optional). */
    private static final String[] MODEL_ROLES = {"enhancer", "ratioEstimator", "enhancerFp16", "enhancerInt8"};

    private Path copy(String version) throws IOException {
        Path folder = work.resolve("model-set-" + version);
        Files.createDirectories(folder);
        ObjectNode manifest = (ObjectNode) JSON.readTree(Files.readAllBytes(defaultSet.resolve("manifest.json")));
        manifest.put("setVersion", version);
        for (String role : MODEL_ROLES) {
            if (manifest.hasNonNull(role)) { // the FP16 and INT8 enhancers only where the set has them
                String key = manifest.path(role).path("key").asText();
                Files.copy(defaultSet.resolve(key), folder.resolve(key));
            }
        }
        Files.write(folder.resolve("manifest.json"), JSON.writeValueAsBytes(manifest));
        return folder;
    }

    private void put(String key, byte[] bytes) throws Exception {
        s3.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key).contentType("application/octet-stream")
                .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
