package io.nightshift.inference.registry;

import io.nightshift.contract.FloatArrays;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.EnhancerPrecision;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.registry.ModelLoadException.Reason;
import io.nightshift.inference.testing.TestModels;
import io.nightshift.inference.tiling.TiledEnhancer;
import io.nightshift.inference.tiling.TilingConfig;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot swap, refusals and lifecycle of the model registry, on real ONNX Runtime with random-weight sets. */
class ModelRegistryTest {

    private static final long SEED_A = 11;
    private static final long SEED_B = 22;
    private static final String A = RandomModelSet.version(SEED_A);
    private static final String B = RandomModelSet.version(SEED_B);
    private static final TilingConfig TILING = new TilingConfig(32, 16, 16, 1);
    private static final PlanarImage IMAGE = TestModels.packedImage(5, 4, 40, 56);
    private static final PlanarImage THUMB = TestModels.packedImage(6, 3, 64, 64);

    @TempDir
    static Path root;
    static Path dirA;
    static Path dirB;
    static InferenceEngine engine;
    /** Expected outputs per set version: the enhanced image and the ratio net's log2 ratio. */
    static final Map<String, float[]> EXPECTED_RGB = new HashMap<>();
    static final Map<String, Float> EXPECTED_LOG2 = new HashMap<>();

    @BeforeAll
    static void writeSetsAndReferenceOutputs() throws IOException {
        dirA = root.resolve("setA");
        dirB = root.resolve("setB");
        RandomModelSet.write(dirA, SEED_A, "test");
        RandomModelSet.write(dirB, SEED_B, "test");
        engine = new InferenceEngine(EngineConfig.cpu(1));
        try (ModelRegistry registry = new ModelRegistry(engine, 32)) {
            for (Path dir : List.of(dirA, dirB)) {
                registry.loadFolder(dir);
                try (ModelLease lease = registry.acquire()) {
                    Job job = Job.run(lease);
                    EXPECTED_RGB.put(job.version, job.rgb);
                    EXPECTED_LOG2.put(job.version, job.log2);
                }
            }
        }
        double diff = FloatArrays.maxAbsDiff(EXPECTED_RGB.get(A), EXPECTED_RGB.get(B));
        assertTrue(diff > 0.05, "the two sets' outputs are distinguishable: " + diff);
        assertTrue(Math.abs(EXPECTED_LOG2.get(A) - EXPECTED_LOG2.get(B)) > 1e-3, "ratio nets distinguishable");
        assertEquals(0, engine.openSessions(), "closing the registry closed both sets");
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    /** One small job on one lease: ratio estimate, then a tiled enhancement (several network runs). */
    record Job(String version, ModelSet set, float log2, float[] rgb) {
        static Job run(ModelLease lease) {
            float log2 = lease.ratio().log2Ratio(THUMB);
            PlanarImage rgb = new TiledEnhancer(lease.enhancer(), TILING).enhance(IMAGE);
            return new Job(lease.version(), lease.modelSet(), log2, rgb.data());
        }

        void assertFromOneSet() {
            assertTrue(FloatArrays.maxAbsDiff(EXPECTED_RGB.get(version), rgb) < 1e-5,
                    "enhancer output is set " + version + "'s");
            assertEquals(EXPECTED_LOG2.get(version), log2, 1e-5, "ratio output is set " + version + "'s");
        }
    }

    @Test
    void hotSwapsUnderConcurrentJobsWithoutFailingOrMixingSets() throws Exception {
        int workers = 3;
        int swaps = 10;
        List<ModelSet> loaded = Collections.synchronizedList(new ArrayList<>());
        Map<ModelSet, AtomicInteger> jobsPerSet = new ConcurrentHashMap<>();
        List<Job> done = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean swapping = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try (ModelRegistry registry = new ModelRegistry(engine, 32)) {
            registry.loadFolder(dirA);
            loaded.add(currentSet(registry));
            List<Future<Integer>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    int jobs = 0;
                    while (swapping.get() || jobs < 3) {
                        try (ModelLease lease = registry.acquire()) {
                            Job job = Job.run(lease);
                            // a second step on the same lease: it may span a swap and must still work
                            PlanarImage again = lease.enhancer().run(PlanarImage.zeros(4, 16, 16));
                            assertEquals(3, again.channels());
                            done.add(job);
                            jobsPerSet.computeIfAbsent(job.set(), s -> new AtomicInteger()).incrementAndGet();
                        }
                        jobs++;
                    }
                    return jobs;
                }));
            }
            for (int i = 0; i < swaps; i++) {
                // wait (on a condition, not a clock) until jobs ran on the set now serving, then swap:
                // alternately B and A, so A is also a rollback to an older set
                ModelSet serving = loaded.get(loaded.size() - 1);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (jobsPerSet.getOrDefault(serving, new AtomicInteger()).get() < 2 && System.nanoTime() < deadline) {
                    for (Future<Integer> f : futures) {
                        if (f.isDone()) {
                            f.get(); // a failed worker fails the test now
                        }
                    }
                    Thread.sleep(5);
                }
                registry.loadFolder(i % 2 == 0 ? dirB : dirA);
                loaded.add(currentSet(registry));
            }
            swapping.set(false);
            int jobs = 0;
            for (Future<Integer> f : futures) {
                jobs += f.get(120, TimeUnit.SECONDS); // rethrows any job's failure
            }
            assertEquals(jobs, done.size());
            Set<String> versions = ConcurrentHashMap.newKeySet();
            for (Job job : done) {
                job.assertFromOneSet();
                versions.add(job.version());
            }
            assertEquals(Set.of(A, B), versions, "jobs ran on both sets");
            assertEquals(swaps + 1, loaded.size());
            Set<ModelSet> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            distinct.addAll(loaded);
            assertEquals(swaps + 1, distinct.size(), "each load made a new set");
            for (Map.Entry<ModelSet, AtomicInteger> e : jobsPerSet.entrySet()) {
                assertTrue(loaded.contains(e.getKey()));
            }
            ModelSet last = loaded.get(loaded.size() - 1);
            for (ModelSet set : loaded) {
                if (set != last) {
                    assertTrue(set.isClosed(), set + " retired and drained, so closed");
                    assertEquals(0, set.references());
                }
            }
            assertFalse(last.isClosed());
            assertEquals(1, last.references(), "only the registry holds the serving set");
            assertEquals(swaps % 2 == 0 ? A : B, registry.servingVersion().orElseThrow(), "the last load serves");
            assertEquals(2, engine.openSessions(), "only the serving set's two sessions are open");
            registry.close();
            assertTrue(last.isClosed());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, engine.openSessions());
    }

    @Test
    void aJobInFlightFinishesOnItsSetAndTheOldSetClosesWithItsLastLease() {
        try (ModelRegistry registry = new ModelRegistry(engine, 32)) {
            registry.loadFolder(dirA);
            ModelLease first = registry.acquire();
            ModelLease second = registry.acquire();
            ModelSet setA = first.modelSet();
            assertEquals(3, setA.references());
            registry.loadFolder(dirB);
            assertEquals(B, registry.servingVersion().orElseThrow());
            try (ModelLease onB = registry.acquire()) {
                Job.run(onB).assertFromOneSet();
                assertEquals(B, onB.version());
            }
            Job inFlight = Job.run(first);
            assertEquals(A, inFlight.version());
            inFlight.assertFromOneSet();
            first.close();
            first.close(); // twice is safe and releases once
            assertFalse(setA.isClosed(), "the second lease still holds set A");
            Job.run(second).assertFromOneSet();
            second.close();
            assertTrue(setA.isClosed(), "set A closed with its last lease");
            assertThrows(IllegalStateException.class, first::enhancer, "a closed lease refuses use");
        }
    }

    @Test
    void refusesWorkWhenNoSetIsLoaded() {
        try (ModelRegistry registry = new ModelRegistry(engine, 32)) {
            assertEquals(RegistryState.EMPTY, registry.state());
            assertFalse(registry.status().isServing());
            ModelUnavailableException e = assertThrows(ModelUnavailableException.class, registry::acquire);
            assertTrue(e.getMessage().startsWith("MODEL_UNAVAILABLE"), e.getMessage());

            assertThrows(ModelLoadException.class, () -> registry.loadFolder(root.resolve("nothing-here")));
            assertEquals(RegistryState.FAILED, registry.state());
            assertEquals(Reason.MANIFEST, registry.status().lastFailure().orElseThrow().reason());
            e = assertThrows(ModelUnavailableException.class, registry::acquire);
            assertTrue(e.getMessage().contains("no manifest"), e.getMessage());
        }
    }

    @Test
    void failedLoadsLeaveTheServingSetAndSayWhy() throws IOException {
        byte[] enhancer = Files.readAllBytes(dirA.resolve(ModelSetFolder.ENHANCER_FILE));
        byte[] ratio = Files.readAllBytes(dirA.resolve(ModelSetFolder.RATIO_FILE));

        Path shaMismatch = copyOf(dirA, "sha-mismatch");
        byte[] tampered = enhancer.clone();
        tampered[tampered.length / 2] ^= 1;
        Files.write(shaMismatch.resolve(ModelSetFolder.ENHANCER_FILE), tampered);

        Path corrupt = root.resolve("corrupt");
        ModelSetFolder.write(corrupt, "corrupt-1", "not an onnx model".getBytes(StandardCharsets.UTF_8), ratio,
                Map.of(), null, null);
        Path truncated = root.resolve("truncated");
        ModelSetFolder.write(truncated, "truncated-1", java.util.Arrays.copyOf(enhancer, enhancer.length / 3), ratio,
                Map.of(), null, null);
        Path swapped = root.resolve("contract");
        ModelSetFolder.write(swapped, "contract-1", ratio, enhancer, Map.of(), null, null);
        Path missing = copyOf(dirA, "missing");
        Files.delete(missing.resolve(ModelSetFolder.RATIO_FILE));
        Path badManifest = copyOf(dirA, "bad-manifest");
        Files.writeString(badManifest.resolve(ModelRegistry.MANIFEST), "{\"schemaVersion\":1,\"setVersion\":");

        Map<Path, Reason> cases = new java.util.LinkedHashMap<>();
        cases.put(shaMismatch, Reason.SHA_MISMATCH);
        cases.put(corrupt, Reason.CORRUPT);
        cases.put(truncated, Reason.CORRUPT);
        cases.put(swapped, Reason.CONTRACT);
        cases.put(missing, Reason.MISSING_FILE);
        cases.put(badManifest, Reason.MANIFEST);

        try (ModelRegistry registry = new ModelRegistry(engine, 32)) {
            registry.loadFolder(dirA);
            for (Map.Entry<Path, Reason> c : cases.entrySet()) {
                ModelLoadException e = assertThrows(ModelLoadException.class, () -> registry.loadFolder(c.getKey()),
                        c.getKey().toString());
                assertEquals(c.getValue(), e.reason(), e.getMessage());
                RegistryStatus status = registry.status();
                assertEquals(RegistryState.READY, status.state(), "still serving after " + e.getMessage());
                assertEquals(A, status.serving().orElseThrow());
                assertEquals(e, status.lastFailure().orElseThrow());
                try (ModelLease lease = registry.acquire()) {
                    Job.run(lease).assertFromOneSet();
                    assertEquals(A, lease.version());
                }
                assertEquals(2, engine.openSessions(), "a refused set leaves no session open: " + e.getMessage());
            }
            ModelLoadException sha = assertThrows(ModelLoadException.class, () -> registry.loadFolder(shaMismatch));
            assertTrue(sha.getMessage().contains("sha256") && sha.getMessage().contains("enhancer"), sha.getMessage());
            ModelLoadException contract = assertThrows(ModelLoadException.class, () -> registry.loadFolder(swapped));
            assertTrue(contract.getMessage().contains("enhancer"), contract.getMessage());

            registry.loadFolder(dirB);
            assertTrue(registry.status().lastFailure().isEmpty(), "a successful load clears the failure");
        }
        assertEquals(0, engine.openSessions());
    }

    @Test
    void loadsThroughAStoreWithKeysRelativeToTheManifest() throws IOException {
        FolderModelStore store = new FolderModelStore(root);
        try (ModelRegistry registry = new ModelRegistry(engine, 32)) {
            ModelSetManifest m = registry.load(store, "setB/manifest.json");
            assertEquals(B, m.setVersion());
            assertEquals("enhancer.onnx", m.enhancer().key());
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> registry.load(store, "../setA/manifest.json"));
            assertEquals(Reason.MANIFEST, e.reason());
            Path escaping = copyOf(dirA, "escaping");
            ModelSetManifest a = ProtocolJson.readModelSet(Files.readAllBytes(escaping.resolve(ModelRegistry.MANIFEST)));
            Files.write(escaping.resolve(ModelRegistry.MANIFEST), ProtocolJson.write(new ModelSetManifest(a.setVersion(),
                    new io.nightshift.protocol.ModelFile("../setA/enhancer.onnx", a.enhancer().sha256()),
                    a.ratioEstimator(), a.metrics(), a.data(), a.command(), a.createdAt())));
            e = assertThrows(ModelLoadException.class, () -> registry.load(store, "escaping/manifest.json"));
            assertTrue(e.reason() == Reason.MANIFEST || e.reason() == Reason.MISSING_FILE, e.getMessage());
            assertEquals(B, registry.servingVersion().orElseThrow());
        }
    }

    /**
     * A set naming its FP16 enhancer: an engine that prefers FP16 (here forced, on CPU; on CUDA {@code auto} does)
     * loads that file, checked like the others, and its output is the FP32 one's within float16 rounding; an
     * engine on CPU with {@code auto} loads the FP32 one; a tampered FP16 file is refused by its checksum, and the
     * set serving stays.
     */
    @Test
    void theFp16EnhancerIsLoadedWhereTheEngineWantsItAndCheckedLikeTheOthers() throws IOException {
        Path dir = root.resolve("setA-fp16");
        ModelSetManifest manifest = RandomModelSet.writeWithFp16(dir, SEED_A, "test");
        assertEquals(ModelSetFolder.ENHANCER_FP16_FILE, manifest.enhancerFp16().key());
        try (InferenceEngine half = new InferenceEngine(EngineConfig.cpu(1).withPrecision(EnhancerPrecision.FP16));
             ModelRegistry registry = new ModelRegistry(half, 32)) {
            assertTrue(half.prefersFp16Enhancer());
            registry.loadFolder(dir);
            try (ModelLease lease = registry.acquire()) {
                assertTrue(lease.modelSet().fp16Enhancer(), "the FP16 enhancer serves");
                Job job = Job.run(lease);
                double diff = FloatArrays.maxAbsDiff(EXPECTED_RGB.get(A), job.rgb());
                assertTrue(diff > 0 && diff < 0.02, "FP16 output is the FP32 one's within float16 rounding: " + diff);
                assertEquals(EXPECTED_LOG2.get(A), job.log2(), 1e-5, "the ratio network is the same FP32 one");
            }
            Path tampered = copyOf(dir, "tampered-fp16");
            byte[] fp16 = Files.readAllBytes(tampered.resolve(ModelSetFolder.ENHANCER_FP16_FILE));
            fp16[fp16.length - 1] ^= 1;
            Files.write(tampered.resolve(ModelSetFolder.ENHANCER_FP16_FILE), fp16);
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> registry.loadFolder(tampered));
            assertEquals(Reason.SHA_MISMATCH, e.reason());
            assertTrue(e.getMessage().contains("enhancerFp16"), e.getMessage());
            assertEquals(A, registry.servingVersion().orElseThrow(), "the set serving stays");
        }
        assertFalse(engine.prefersFp16Enhancer(), "auto on CPU: FP32");
        try (ModelRegistry registry = new ModelRegistry(engine, 32)) {
            registry.loadFolder(dir);
            try (ModelLease lease = registry.acquire()) {
                assertFalse(lease.modelSet().fp16Enhancer());
                Job.run(lease).assertFromOneSet();
            }
        }
    }

    /**
     * A set naming its INT8 enhancer: an engine asked for {@code int8} loads it, checked like the others, and its
     * output is the FP32 one's within quantization error; {@code fp32} loads FP32; {@code auto} on CPU times both
     * ({@link EnhancerRace}) and serves the faster, whose output is the one it gives; a tampered INT8 file is
     * refused by its checksum, and the set serving stays.
     */
    @Test
    void theInt8EnhancerIsLoadedWhereAskedOrWhereItIsFasterAndCheckedLikeTheOthers() throws IOException {
        Path dir = root.resolve("setA-int8");
        ModelSetManifest manifest = RandomModelSet.writeWithInt8(dir, SEED_A, "test");
        assertEquals(ModelSetFolder.ENHANCER_INT8_FILE, manifest.enhancerInt8().key());
        try (InferenceEngine int8 = new InferenceEngine(EngineConfig.cpu(1).withPrecision(EnhancerPrecision.INT8));
             ModelRegistry registry = new ModelRegistry(int8, 32)) {
            registry.loadFolder(dir);
            try (ModelLease lease = registry.acquire()) {
                assertEquals(io.nightshift.contract.onnx.Precision.INT8, lease.modelSet().enhancerPrecision());
                Job job = Job.run(lease);
                double diff = FloatArrays.maxAbsDiff(EXPECTED_RGB.get(A), job.rgb());
                assertTrue(diff > 0 && diff < INT8_MAX_ABS, "INT8 output is the FP32 one's within quantization: " + diff);
                assertEquals(EXPECTED_LOG2.get(A), job.log2(), 1e-5, "the ratio network is the same FP32 one");
            }
            Path tampered = copyOf(dir, "tampered-int8");
            byte[] bytes = Files.readAllBytes(tampered.resolve(ModelSetFolder.ENHANCER_INT8_FILE));
            bytes[bytes.length - 1] ^= 1;
            Files.write(tampered.resolve(ModelSetFolder.ENHANCER_INT8_FILE), bytes);
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> registry.loadFolder(tampered));
            assertEquals(Reason.SHA_MISMATCH, e.reason());
            assertTrue(e.getMessage().contains("enhancerInt8"), e.getMessage());
            assertEquals(A, registry.servingVersion().orElseThrow(), "the set serving stays");
        }
        try (InferenceEngine fp32 = new InferenceEngine(EngineConfig.cpu(1).withPrecision(EnhancerPrecision.FP32));
             ModelRegistry registry = new ModelRegistry(fp32, 32)) {
            registry.loadFolder(dir);
            try (ModelLease lease = registry.acquire()) {
                assertEquals(io.nightshift.contract.onnx.Precision.FP32, lease.modelSet().enhancerPrecision());
                Job.run(lease).assertFromOneSet();
            }
        }
        try (ModelRegistry registry = new ModelRegistry(engine, 32)) {
            registry.loadFolder(dir);
            try (ModelLease lease = registry.acquire()) {
                io.nightshift.contract.onnx.Precision served = lease.modelSet().enhancerPrecision();
                Job job = Job.run(lease);
                double diff = FloatArrays.maxAbsDiff(EXPECTED_RGB.get(A), job.rgb());
                if (served == io.nightshift.contract.onnx.Precision.INT8) {
                    assertTrue(diff > 0 && diff < INT8_MAX_ABS, "auto chose INT8: " + diff);
                } else {
                    assertEquals(io.nightshift.contract.onnx.Precision.FP32, served, "auto on CPU: INT8 or FP32");
                    job.assertFromOneSet();
                }
            }
            assertEquals(engine.openSessions(), 2, "the race's loser was closed: one enhancer and one ratio CNN");
        }
    }

    /**
     * Max |INT8 − FP32| over the random set's enhanced test image (outputs around 0.5): 0.065 measured. A random
     * U-Net amplifies quantization noise more than a trained one (the default set: see {@code Int8Parity}).
     */
    static final double INT8_MAX_ABS = 0.1;

    @Test
    void addingAnInt8EnhancerToASetKeepsEverythingElseAndLoads() throws IOException {
        Path dir = copyOf(dirA, "int8-added");
        ModelSetManifest before = ProtocolJson.readModelSet(Files.readAllBytes(dir.resolve(ModelRegistry.MANIFEST)));
        assertEquals(null, before.enhancerInt8());
        ModelSetManifest after = ModelSetFolder.addInt8(dir, RandomModelSet.enhancerInt8(SEED_A),
                Map.of("int8_parity_psnr_db", 41.5));
        assertEquals(before.setVersion(), after.setVersion());
        assertEquals(before.enhancer(), after.enhancer());
        assertEquals(before.createdAt(), after.createdAt(), "the set's own time is kept");
        assertEquals(41.5, after.metrics().get("int8_parity_psnr_db"));
        assertEquals(after, ProtocolJson.readModelSet(Files.readAllBytes(dir.resolve(ModelRegistry.MANIFEST))));
        try (InferenceEngine int8 = new InferenceEngine(EngineConfig.cpu(1).withPrecision(EnhancerPrecision.INT8));
             ModelRegistry registry = new ModelRegistry(int8, 32)) {
            registry.loadFolder(dir);
            try (ModelLease lease = registry.acquire()) {
                assertEquals(io.nightshift.contract.onnx.Precision.INT8, lease.modelSet().enhancerPrecision());
            }
        }
    }

    @Test
    void aFolderKeepsItsInt8EnhancerOnlyForTheFp32EnhancerItWasQuantizedFrom() throws IOException {
        Path dir = root.resolve("int8-kept");
        ModelSetManifest first = RandomModelSet.writeWithInt8(dir, SEED_A, "test");
        ModelSetManifest rewritten = ModelSetFolder.write(dir, "again", RandomModelSet.enhancer(SEED_A), null,
                RandomModelSet.ratioEstimator(SEED_A), Map.of("psnr_net_db", 1.0), RandomModelSet.DATA, "evaluate");
        assertEquals(first.enhancerInt8(), rewritten.enhancerInt8(), "same FP32 enhancer: its INT8 one stays");
        assertTrue(Files.isRegularFile(dir.resolve(ModelSetFolder.ENHANCER_INT8_FILE)));
        ModelSetManifest other = ModelSetFolder.write(dir, "other", RandomModelSet.enhancer(SEED_B), null,
                RandomModelSet.ratioEstimator(SEED_B), Map.of(), RandomModelSet.DATA, "train");
        assertEquals(null, other.enhancerInt8(), "another FP32 enhancer: the INT8 one of the old is not announced");
        assertFalse(Files.exists(dir.resolve(ModelSetFolder.ENHANCER_INT8_FILE)));
    }

    @Test
    void closeIsSafeTwiceAndRefusesWorkAndLoadsAfterwards() {
        ModelRegistry registry = new ModelRegistry(engine, 32);
        registry.loadFolder(dirA);
        ModelLease lease = registry.acquire();
        ModelSet set = lease.modelSet();
        registry.close();
        registry.close();
        assertEquals(RegistryState.CLOSED, registry.state());
        assertThrows(ModelUnavailableException.class, registry::acquire);
        assertEquals(Reason.CLOSED, assertThrows(ModelLoadException.class, () -> registry.loadFolder(dirB)).reason());
        assertFalse(set.isClosed(), "an open lease keeps its set after the registry closed");
        Job.run(lease).assertFromOneSet();
        lease.close();
        assertTrue(set.isClosed());
        assertEquals(0, engine.openSessions());
    }

    private static ModelSet currentSet(ModelRegistry registry) {
        try (ModelLease lease = registry.acquire()) {
            return lease.modelSet();
        }
    }

    private static Path copyOf(Path dir, String name) throws IOException {
        Path copy = root.resolve(name);
        Files.createDirectories(copy);
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }
}
