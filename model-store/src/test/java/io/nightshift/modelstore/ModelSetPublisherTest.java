package io.nightshift.modelstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.MinioClient;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.registry.ModelLease;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.registry.ModelSetFolder;
import io.nightshift.inference.registry.RandomModelSet;
import io.nightshift.protocol.KeyNotAllowedException;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.protocol.Topic;
import io.nightshift.stack.LocalStack;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing, announcing and loading model sets against the real local Kafka and S3 server. */
class ModelSetPublisherTest {

    private static final String BUCKET = "nightshift-models";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static LocalStack stack;
    private static MinioClient s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.shared();
        s3 = stack.newS3Client();
    }

    @AfterAll
    static void closeClient() throws Exception {
        s3.close();
    }

    /** Each test announces on its own channel, so tests do not see each other's announcements. */
    private ModelSetPublisher publisher(String channel) {
        return new ModelSetPublisher(s3, BUCKET, stack.kafkaProperties(), Topic.MODEL_SETS.topicName(), channel);
    }

    private static String freshChannel() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Path writeSet(String name, long seed) throws Exception {
        Path dir = tmp.resolve(name);
        RandomModelSet.write(dir, seed, "test");
        return dir;
    }

    @Test
    void aPublishedSetIsAnnouncedAndLoadsIntoTheRegistryFromS3() throws Exception {
        String channel = freshChannel();
        long seed = System.nanoTime() & 0xffffff;
        Path folder = writeSet("set", seed);
        Announcement announced = publisher(channel).publish(folder);

        assertEquals(RandomModelSet.version(seed), announced.manifest().setVersion());
        assertEquals("sets/" + RandomModelSet.version(seed) + "/manifest.json", announced.manifestKey());
        S3ModelStore store = new S3ModelStore(s3, BUCKET);
        assertArrayEquals(Files.readAllBytes(folder.resolve(ModelSetFolder.ENHANCER_FILE)),
                store.fetch(ModelSetLayout.modelKey(RandomModelSet.version(seed), ModelSetFolder.ENHANCER_FILE)));
        assertEquals(Optional.of(RandomModelSet.version(seed)), store.latestVersion(channel));

        Optional<Announcement> latest = ModelSetAnnouncements.latest(stack.kafkaProperties(),
                Topic.MODEL_SETS.topicName(), channel, TIMEOUT);
        assertTrue(latest.isPresent());
        assertEquals(announced.manifest(), latest.get().manifest());

        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(1));
             ModelRegistry registry = new ModelRegistry(engine, 32)) {
            ModelSetManifest serving = registry.load(store, latest.get().manifestKey());
            assertEquals(RandomModelSet.version(seed), serving.setVersion());
            try (ModelLease lease = registry.acquire()) {
                assertEquals(RandomModelSet.version(seed), lease.version());
            }
        }
    }

    /**
     * A set with its FP16 enhancer: the publisher checks and uploads that file too, the announcement names it, and
     * a registry preferring FP16 loads it from S3; a tampered FP16 file refuses the whole set.
     */
    @Test
    void theFp16EnhancerIsPublishedCheckedAndLoadedFromS3() throws Exception {
        String channel = freshChannel();
        long seed = System.nanoTime() & 0xffffff;
        Path folder = tmp.resolve("fp16");
        RandomModelSet.writeWithFp16(folder, seed, "test");
        Announcement announced = publisher(channel).publish(folder);
        assertEquals(ModelSetFolder.ENHANCER_FP16_FILE, announced.manifest().enhancerFp16().key());
        S3ModelStore store = new S3ModelStore(s3, BUCKET);
        assertArrayEquals(Files.readAllBytes(folder.resolve(ModelSetFolder.ENHANCER_FP16_FILE)),
                store.fetch(ModelSetLayout.modelKey(RandomModelSet.version(seed), ModelSetFolder.ENHANCER_FP16_FILE)));
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(1)
                .withPrecision(io.nightshift.inference.engine.EnhancerPrecision.FP16));
             ModelRegistry registry = new ModelRegistry(engine, 32)) {
            registry.load(store, announced.manifestKey(), announced.manifest());
            try (ModelLease lease = registry.acquire()) {
                assertTrue(lease.modelSet().fp16Enhancer(), "the FP16 enhancer, fetched from S3 and checked");
            }
        }

        Path tampered = tmp.resolve("fp16-tampered");
        RandomModelSet.writeWithFp16(tampered, seed + 1, "test");
        byte[] half = Files.readAllBytes(tampered.resolve(ModelSetFolder.ENHANCER_FP16_FILE));
        half[half.length / 2] ^= 1;
        Files.write(tampered.resolve(ModelSetFolder.ENHANCER_FP16_FILE), half);
        assertThrows(PublishRefusedException.class, () -> publisher(channel).publish(tampered));
        assertEquals(RandomModelSet.version(seed), latestVersion(channel), "nothing else announced");
    }

    /**
     * A set with its INT8 enhancer: the publisher checks and uploads that file too, the announcement names it, and
     * a registry asked for INT8 loads it from S3; a tampered INT8 file refuses the whole set.
     */
    @Test
    void theInt8EnhancerIsPublishedCheckedAndLoadedFromS3() throws Exception {
        String channel = freshChannel();
        long seed = System.nanoTime() & 0xffffff;
        Path folder = tmp.resolve("int8");
        RandomModelSet.writeWithInt8(folder, seed, "test");
        Announcement announced = publisher(channel).publish(folder);
        assertEquals(ModelSetFolder.ENHANCER_INT8_FILE, announced.manifest().enhancerInt8().key());
        S3ModelStore store = new S3ModelStore(s3, BUCKET);
        assertArrayEquals(Files.readAllBytes(folder.resolve(ModelSetFolder.ENHANCER_INT8_FILE)),
                store.fetch(ModelSetLayout.modelKey(RandomModelSet.version(seed), ModelSetFolder.ENHANCER_INT8_FILE)));
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(1)
                .withPrecision(io.nightshift.inference.engine.EnhancerPrecision.INT8));
             ModelRegistry registry = new ModelRegistry(engine, 32)) {
            registry.load(store, announced.manifestKey(), announced.manifest());
            try (ModelLease lease = registry.acquire()) {
                assertEquals(io.nightshift.contract.onnx.Precision.INT8, lease.modelSet().enhancerPrecision(),
                        "the INT8 enhancer, fetched from S3 and checked");
            }
        }

        Path tampered = tmp.resolve("int8-tampered");
        RandomModelSet.writeWithInt8(tampered, seed + 1, "test");
        byte[] int8 = Files.readAllBytes(tampered.resolve(ModelSetFolder.ENHANCER_INT8_FILE));
        int8[int8.length / 2] ^= 1;
        Files.write(tampered.resolve(ModelSetFolder.ENHANCER_INT8_FILE), int8);
        assertThrows(PublishRefusedException.class, () -> publisher(channel).publish(tampered));
        assertEquals(RandomModelSet.version(seed), latestVersion(channel), "nothing else announced");
    }

    @Test
    void announcingAnOlderSetRollsBack() throws Exception {
        String channel = freshChannel();
        long seed = System.nanoTime() & 0xffffff;
        ModelSetPublisher publisher = publisher(channel);
        publisher.publish(writeSet("old", seed));
        publisher.publish(writeSet("new", seed + 10));
        assertEquals(RandomModelSet.version(seed + 10), latestVersion(channel));

        Announcement rollback = publisher.announce(RandomModelSet.version(seed));

        assertEquals(RandomModelSet.version(seed), rollback.manifest().setVersion());
        assertEquals(RandomModelSet.version(seed), latestVersion(channel));
        assertEquals(Optional.of(RandomModelSet.version(seed)), publisher.store().latestVersion(channel));
        assertThrows(NoSuchFileException.class, () -> publisher.announce("never-published-" + seed));
    }

    @Test
    void aTamperedModelIsRefusedAndNothingIsAnnounced() throws Exception {
        String channel = freshChannel();
        long seed = System.nanoTime() & 0xffffff;
        Path folder = writeSet("tampered", seed);
        byte[] ratio = Files.readAllBytes(folder.resolve(ModelSetFolder.RATIO_FILE));
        ratio[ratio.length / 2] ^= 1;
        Files.write(folder.resolve(ModelSetFolder.RATIO_FILE), ratio);

        PublishRefusedException refused = assertThrows(PublishRefusedException.class,
                () -> publisher(channel).publish(folder));

        assertTrue(refused.getMessage().contains("ratio.onnx has SHA-256"), refused.getMessage());
        assertFalse(ModelSetAnnouncements.latest(stack.kafkaProperties(), Topic.MODEL_SETS.topicName(), channel,
                TIMEOUT).isPresent());
        assertThrows(NoSuchFileException.class, () -> new S3ModelStore(s3, BUCKET)
                .fetch(ModelSetLayout.manifestKey(RandomModelSet.version(seed))));
    }

    @Test
    void aPublishedVersionIsImmutableButRepublishingTheSameSetIsHarmless() throws Exception {
        String channel = freshChannel();
        long seed = System.nanoTime() & 0xffffff;
        ModelSetPublisher publisher = publisher(channel);
        Path folder = writeSet("first", seed);
        publisher.publish(folder);
        publisher.publish(folder); // same bytes: a retried publish

        Path other = tmp.resolve("other");
        ModelSetFolder.write(other, RandomModelSet.version(seed), RandomModelSet.enhancer(seed + 1),
                RandomModelSet.ratioEstimator(seed + 1), java.util.Map.of(), "other weights", "test");
        PublishRefusedException refused = assertThrows(PublishRefusedException.class, () -> publisher.publish(other));
        assertTrue(refused.getMessage().contains("immutable"), refused.getMessage());
    }

    @Test
    void publishIfNoneAnnouncedPublishesOnlyOnAFreshChannel() throws Exception {
        String channel = freshChannel();
        long seed = System.nanoTime() & 0xffffff;
        ModelSetPublisher publisher = publisher(channel);
        Announcement first = publisher.publishIfNoneAnnounced(writeSet("default", seed), TIMEOUT);
        assertEquals(RandomModelSet.version(seed), first.manifest().setVersion());

        Announcement second = publisher.publishIfNoneAnnounced(writeSet("later", seed + 5), TIMEOUT);
        assertEquals(RandomModelSet.version(seed), second.manifest().setVersion());
        assertEquals(first.offset(), second.offset());
    }

    @Test
    void theStoreRefusesHostileKeysAndReportsMissingObjects() {
        S3ModelStore store = new S3ModelStore(s3, BUCKET);
        assertThrows(KeyNotAllowedException.class, () -> store.fetch("../secrets"));
        assertThrows(KeyNotAllowedException.class, () -> store.fetch("/etc/passwd"));
        assertThrows(NoSuchFileException.class, () -> store.fetch("sets/none-" + UUID.randomUUID() + "/manifest.json"));
        assertThrows(IllegalArgumentException.class, () -> ModelSetLayout.folder("../x"));
    }

    /**
     * What the server does with {@code If-None-Match: *} on a put: S3Proxy 4.1.0 (filesystem backend, as in the local
     * stack) answers 412 PreconditionFailed when the key exists and keeps the object, as MinIO and AWS S3 do.
     */
    @Test
    void theStoreCreatesAKeyOnlyWhenAbsentDecidedByTheServer() throws Exception {
        S3ModelStore store = new S3ModelStore(s3, BUCKET);
        String key = "sets/conditional-" + UUID.randomUUID() + "/manifest.json";
        byte[] first = "first".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(S3ModelStore.Created.CREATED, store.createIfAbsent(key, first, "text/plain"));
        assertEquals(S3ModelStore.Created.SAME, store.createIfAbsent(key, first, "text/plain"));
        assertEquals(S3ModelStore.Created.DIFFERENT,
                store.createIfAbsent(key, "second".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain"));
        assertArrayEquals(first, store.fetch(key), "the object was not overwritten");

        // as large as a real enhancer (the default set's is 7.8 MB), above the client's multipart threshold
        String large = "sets/conditional-" + UUID.randomUUID() + "/enhancer.onnx";
        byte[] model = new byte[12 << 20];
        new java.util.Random(1).nextBytes(model);
        byte[] other = model.clone();
        other[0] ^= 1;
        assertEquals(S3ModelStore.Created.CREATED, store.createIfAbsent(large, model, "application/octet-stream"));
        assertEquals(S3ModelStore.Created.DIFFERENT, store.createIfAbsent(large, other, "application/octet-stream"));
        assertArrayEquals(model, store.fetch(large), "the large object was not overwritten");
    }

    /**
     * A model already in the store under the version (another publisher racing this one, past the manifest check
     * before either wrote its manifest) is not overwritten: the conditional put refuses, nothing is announced.
     * Before, the check looked at the manifest only, so the second publisher replaced the first one's models.
     */
    @Test
    void aModelAlreadyInTheStoreUnderTheVersionIsNeverOverwritten() throws Exception {
        String channel = freshChannel();
        long seed = System.nanoTime() & 0xffffff;
        Path folder = writeSet("set", seed);
        String version = RandomModelSet.version(seed);
        String enhancerKey = ModelSetLayout.modelKey(version, ModelSetFolder.ENHANCER_FILE);
        byte[] theirs = RandomModelSet.enhancer(seed + 1);
        s3.putObject(io.minio.PutObjectArgs.builder().bucket(BUCKET).object(enhancerKey)
                .stream(new java.io.ByteArrayInputStream(theirs), (long) theirs.length, -1L).build());

        PublishRefusedException refused = assertThrows(PublishRefusedException.class, () -> publisher(channel).publish(folder));
        assertTrue(refused.getMessage().contains("immutable"), refused.getMessage());
        S3ModelStore store = new S3ModelStore(s3, BUCKET);
        assertArrayEquals(theirs, store.fetch(enhancerKey), "the other publisher's model stays");
        assertThrows(NoSuchFileException.class, () -> store.fetch(ModelSetLayout.manifestKey(version)));
        assertTrue(ModelSetAnnouncements.latest(stack.kafkaProperties(), Topic.MODEL_SETS.topicName(), channel, TIMEOUT)
                .isEmpty(), "nothing announced");
    }

    private String latestVersion(String channel) throws Exception {
        return ModelSetAnnouncements.latest(stack.kafkaProperties(), Topic.MODEL_SETS.topicName(), channel, TIMEOUT)
                .orElseThrow().manifest().setVersion();
    }
}
