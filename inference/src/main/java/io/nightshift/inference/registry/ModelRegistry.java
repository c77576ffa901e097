package io.nightshift.inference.registry;

import io.nightshift.contract.ContractV1;
import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.onnx.Precision;
import io.nightshift.contract.validation.ContractViolationException;
import io.nightshift.inference.engine.EnhancerSession;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.engine.RatioSession;
import io.nightshift.inference.registry.ModelLoadException.Reason;
import io.nightshift.protocol.ModelFile;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.protocol.ObjectKeys;
import io.nightshift.protocol.ProtocolJson;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The serving model set, hot-swappable (after Triton's and DJL Serving's model lifecycle): a new set is
 * loaded beside the old one — manifest read, each file's SHA-256 checked, each model validated and probed
 * by the {@link InferenceEngine}, warmed up with one tile — then swapped in with one atomic reference
 * write. The old set is retired: its sessions close when its last {@link ModelLease} is done. A load that
 * fails at any step leaves the serving set untouched and throws {@link ModelLoadException} with the
 * reason; {@link #status()} keeps it as {@code lastFailure}. Loads run one at a time; leases are
 * lock-free. Loading an older version (a rollback) is allowed.
 *
 * <pre>{@code
 * try (ModelLease lease = registry.acquire()) {        // ModelUnavailableException when no set serves
 *     ... lease.ratio() ... lease.enhancer() ... lease.version()
 * }
 * }</pre>
 *
 * The registry does not own the engine. {@link #close()} retires the serving set (leases still out keep
 * it open until they close) and is safe twice.
 */
public final class ModelRegistry implements AutoCloseable {

    /** The manifest's usual name beside the models. */
    public static final String MANIFEST = "manifest.json";
    /** Default warm-up tile side (packed pixels). */
    public static final int DEFAULT_WARMUP_TILE = 256;

    private static final Logger LOG = System.getLogger(ModelRegistry.class.getName());

    private final InferenceEngine engine;
    private final int warmupTile;
    private final AtomicReference<ModelSet> current = new AtomicReference<>();
    private final ReentrantLock loadLock = new ReentrantLock();
    private volatile String loading;
    private volatile ModelLoadException lastFailure;
    private volatile boolean closed;

    public ModelRegistry(InferenceEngine engine) {
        this(engine, DEFAULT_WARMUP_TILE);
    }

    /** @param warmupTile side of the square warm-up tile, a positive multiple of 16 (the tiler's tile side) */
    public ModelRegistry(InferenceEngine engine, int warmupTile) {
        if (warmupTile <= 0 || warmupTile % ContractV1.SIZE_MULTIPLE != 0) {
            throw new IllegalArgumentException("warm-up tile must be a positive multiple of "
                    + ContractV1.SIZE_MULTIPLE + ", got " + warmupTile);
        }
        this.engine = engine;
        this.warmupTile = warmupTile;
    }

    /** Loads {@code DIR/manifest.json} and the models beside it; see {@link #load(ModelStore, String)}. */
    public ModelSetManifest loadFolder(Path dir) {
        return load(new FolderModelStore(dir), MANIFEST);
    }

    /**
     * Loads the set whose manifest is at {@code manifestKey} (model keys are relative to the manifest's
     * folder), and swaps it in when every check passed.
     *
     * @return the manifest of the set now serving
     * @throws ModelLoadException with the reason; the set that served before still serves
     */
    public ModelSetManifest load(ModelStore store, String manifestKey) {
        return load(store, manifestKey, null);
    }

    /**
     * {@link #load(ModelStore, String)}, refusing the set unless the manifest in the store names the same version and
     * the same model files with the same SHA-256s as {@code announced} (the manifest the announcement carried): the
     * files are checked against what was announced, so a manifest replaced in the store after the announcement
     * cannot bring other models in ({@link Reason#NOT_ANNOUNCED}).
     *
     * @param announced the announced manifest; {@code null}: trust the stored one (a local folder)
     */
    public ModelSetManifest load(ModelStore store, String manifestKey, ModelSetManifest announced) {
        loadLock.lock();
        try {
            String source = store.describe() + " " + manifestKey;
            if (closed) {
                throw new ModelLoadException(Reason.CLOSED, source, "the registry is closed", null);
            }
            loading = manifestKey;
            try {
                ModelSet set = loadSet(store, manifestKey, source, announced);
                ModelSet old = current.getAndSet(set);
                lastFailure = null;
                LOG.log(Level.INFO, "model set {0} serving ({1} enhancer){2}", set.version(),
                        set.enhancerPrecision(), old == null ? "" : " (retiring " + old.version() + ")");
                if (old != null) {
                    old.release();
                }
                return set.manifest();
            } catch (ModelLoadException e) {
                lastFailure = e;
                LOG.log(Level.WARNING, "{0}; {1}", e.getMessage(),
                        current.get() == null ? "no set serving" : "still serving " + current.get().version());
                throw e;
            } finally {
                loading = null;
            }
        } finally {
            loadLock.unlock();
        }
    }

    private ModelSet loadSet(ModelStore store, String manifestKey, String source, ModelSetManifest announced) {
        ModelSetManifest manifest;
        try {
            ObjectKeys.requireSafeKey("manifest", manifestKey);
            manifest = ProtocolJson.readModelSet(store.fetch(manifestKey));
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(Reason.MANIFEST, source, "no manifest", e);
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(Reason.MANIFEST, source, "manifest unreadable: " + e.getMessage(), e);
        }
        String version = manifest.setVersion();
        loading = version;
        if (announced != null) {
            requireAnnounced(manifest, announced, store.describe() + "/" + manifestKey);
        }
        String folder = manifestKey.contains("/") ? manifestKey.substring(0, manifestKey.lastIndexOf('/') + 1) : "";
        ChosenEnhancer chosen = openEnhancer(store, folder, manifest, version);
        EnhancerSession enhancer = chosen.session();
        RatioSession ratio;
        try {
            byte[] ratioBytes = fetchChecked(store, folder, manifest.ratioEstimator(), "ratioEstimator", version);
            ratio = open(() -> engine.loadRatioEstimator(ratioBytes), "ratioEstimator", version);
        } catch (RuntimeException e) {
            enhancer.close();
            throw e;
        }
        ModelSet set = new ModelSet(manifest, enhancer, ratio, chosen.precision());
        try {
            warmUp(set);
        } catch (RuntimeException e) {
            set.closeSessions();
            throw new ModelLoadException(Reason.WARMUP, version, "warm-up failed: " + e.getMessage(), e);
        }
        return set;
    }

    private record ChosenEnhancer(EnhancerSession session, Precision precision) {
    }

    /**
     * Opens the enhancer this engine should serve from the set: FP16 where the engine prefers it and the set has it;
     * INT8 where asked for, or with {@code auto} on CPU when the set has it and it wins an {@link EnhancerRace}
     * against FP32 on the warm-up tile (the loser is closed); else FP32. Every file fetched is checked against its
     * SHA-256 in the manifest.
     */
    private ChosenEnhancer openEnhancer(ModelStore store, String folder, ModelSetManifest manifest, String version) {
        if (manifest.enhancerFp16() != null && engine.prefersFp16Enhancer()) {
            byte[] bytes = fetchChecked(store, folder, manifest.enhancerFp16(), "enhancerFp16", version);
            return new ChosenEnhancer(open(() -> engine.loadEnhancer(bytes), "enhancerFp16", version), Precision.FP16);
        }
        InferenceEngine.Int8Use int8Use = manifest.enhancerInt8() == null ? InferenceEngine.Int8Use.NEVER
                : engine.int8Use();
        if (int8Use == InferenceEngine.Int8Use.ALWAYS) {
            byte[] bytes = fetchChecked(store, folder, manifest.enhancerInt8(), "enhancerInt8", version);
            return new ChosenEnhancer(open(() -> engine.loadEnhancer(bytes), "enhancerInt8", version), Precision.INT8);
        }
        byte[] fp32Bytes = fetchChecked(store, folder, manifest.enhancer(), "enhancer", version);
        EnhancerSession fp32 = open(() -> engine.loadEnhancer(fp32Bytes), "enhancer", version);
        if (int8Use == InferenceEngine.Int8Use.NEVER) {
            return new ChosenEnhancer(fp32, Precision.FP32);
        }
        EnhancerSession int8;
        EnhancerRace race;
        try {
            byte[] int8Bytes = fetchChecked(store, folder, manifest.enhancerInt8(), "enhancerInt8", version);
            int8 = open(() -> engine.loadEnhancer(int8Bytes), "enhancerInt8", version);
        } catch (RuntimeException e) {
            fp32.close();
            throw e;
        }
        try {
            race = EnhancerRace.run(fp32, int8, warmupTile);
        } catch (RuntimeException e) {
            fp32.close();
            int8.close();
            throw new ModelLoadException(Reason.WARMUP, version, "timing the INT8 enhancer against FP32 failed: "
                    + e.getMessage(), e);
        }
        LOG.log(Level.INFO, "model set {0}: {1}: {2} enhancer kept", version, race, race.int8Wins() ? "INT8" : "FP32");
        if (race.int8Wins()) {
            fp32.close();
            return new ChosenEnhancer(int8, Precision.INT8);
        }
        int8.close();
        return new ChosenEnhancer(fp32, Precision.FP32);
    }

    private static void requireAnnounced(ModelSetManifest stored, ModelSetManifest announced, String where) {
        String difference = null;
        if (!stored.setVersion().equals(announced.setVersion())) {
            difference = "version " + stored.setVersion() + " instead of " + announced.setVersion();
        } else if (!stored.enhancer().equals(announced.enhancer())) {
            difference = "enhancer " + stored.enhancer().key() + " sha256 " + stored.enhancer().sha256()
                    + " instead of " + announced.enhancer().key() + " sha256 " + announced.enhancer().sha256();
        } else if (!stored.ratioEstimator().equals(announced.ratioEstimator())) {
            difference = "ratioEstimator " + stored.ratioEstimator().key() + " sha256 " + stored.ratioEstimator().sha256()
                    + " instead of " + announced.ratioEstimator().key() + " sha256 "
                    + announced.ratioEstimator().sha256();
        } else if (!java.util.Objects.equals(stored.enhancerFp16(), announced.enhancerFp16())) {
            difference = "enhancerFp16 " + stored.enhancerFp16() + " instead of " + announced.enhancerFp16();
        } else if (!java.util.Objects.equals(stored.enhancerInt8(), announced.enhancerInt8())) {
            difference = "enhancerInt8 " + stored.enhancerInt8() + " instead of " + announced.enhancerInt8();
        }
        if (difference != null) {
            throw new ModelLoadException(Reason.NOT_ANNOUNCED, announced.setVersion(), "the manifest at " + where
                    + " is not the announced one (" + difference + "): replaced after the announcement", null);
        }
    }

    private static byte[] fetchChecked(ModelStore store, String folder, ModelFile file, String field, String version) {
        String key = folder + file.key();
        byte[] bytes;
        try {
            ObjectKeys.requireSafeKey(field + ".key", file.key());
            bytes = store.fetch(key);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(Reason.MISSING_FILE, version, field + " '" + key + "' is missing from "
                    + store.describe(), e);
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(Reason.MISSING_FILE, version, field + " '" + key + "' cannot be read: "
                    + e.getMessage(), e);
        }
        String actual = sha256(bytes);
        if (!actual.equals(file.sha256())) {
            throw new ModelLoadException(Reason.SHA_MISMATCH, version, field + " '" + key + "' has sha256 " + actual
                    + ", the manifest says " + file.sha256(), null);
        }
        return bytes;
    }

    private interface Opener<T> {
        T open();
    }

    private static <T> T open(Opener<T> opener, String field, String version) {
        try {
            return opener.open();
        } catch (ContractViolationException e) {
            throw new ModelLoadException(Reason.CONTRACT, version, field + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            String cause = e.getCause() == null ? null : e.getCause().getMessage();
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ModelLoadException(Reason.CORRUPT, version, field + ": " + message
                    + (cause != null && !message.contains(cause) ? " (" + cause + ")" : ""), e);
        }
    }

    /** One tile through the enhancer and one thumb through the ratio estimator: allocates their arenas. */
    private void warmUp(ModelSet set) {
        PlanarImage tile = PlanarImage.zeros(set.enhancer().inputChannels(), warmupTile, warmupTile);
        java.util.Arrays.fill(tile.data(), 0.1f);
        PlanarImage rgb = set.enhancer().run(tile);
        for (float v : rgb.data()) {
            if (!Float.isFinite(v)) {
                throw new IllegalStateException("the enhancer gave a non-finite value on the warm-up tile");
            }
        }
        PlanarImage thumb = PlanarImage.zeros(ContractV1.THUMB_CHANNELS, ContractV1.THUMB_SIZE, ContractV1.THUMB_SIZE);
        java.util.Arrays.fill(thumb.data(), 0.01f);
        float log2 = set.ratio().log2Ratio(thumb);
        if (!Float.isFinite(log2)) {
            throw new IllegalStateException("the ratio estimator gave a non-finite value on the warm-up thumb");
        }
    }

    /**
     * Pins the serving set for one job.
     *
     * @throws ModelUnavailableException when no set serves (none loaded, or the registry is closed)
     */
    public ModelLease acquire() {
        while (true) {
            ModelSet set = current.get();
            if (set == null || closed) {
                throw new ModelUnavailableException(status());
            }
            if (set.retain()) {
                return new ModelLease(set);
            }
            // swapped out and drained between the read and the retain: read the new one
        }
    }

    /** The serving set's version, if any. */
    public Optional<String> servingVersion() {
        ModelSet set = current.get();
        return set == null ? Optional.empty() : Optional.of(set.version());
    }

    public RegistryState state() {
        return status().state();
    }

    public RegistryStatus status() {
        ModelSet set = current.get();
        String inProgress = loading;
        ModelLoadException failure = lastFailure;
        RegistryState state;
        if (closed) {
            state = RegistryState.CLOSED;
        } else if (inProgress != null) {
            state = RegistryState.LOADING;
        } else if (set != null) {
            state = RegistryState.READY;
        } else if (failure != null) {
            state = RegistryState.FAILED;
        } else {
            state = RegistryState.EMPTY;
        }
        return new RegistryStatus(state, Optional.ofNullable(set).map(ModelSet::version),
                Optional.ofNullable(inProgress), Optional.ofNullable(failure));
    }

    /** Retires the serving set (open leases keep it until they close) and refuses further work and loads. */
    @Override
    public void close() {
        closed = true;
        loadLock.lock();
        try {
            ModelSet set = current.getAndSet(null);
            if (set != null) {
                set.release();
            }
        } finally {
            loadLock.unlock();
        }
    }

    /** Lower-case hex SHA-256 of {@code bytes}, as manifests record it. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
