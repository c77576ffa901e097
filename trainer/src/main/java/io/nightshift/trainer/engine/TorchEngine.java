package io.nightshift.trainer.engine;

import ai.djl.engine.Engine;
import java.nio.file.Path;

/**
 * Starts DJL's PyTorch engine offline: the natives come from the {@code pytorch-native-*} and
 * {@code pytorch-jni} jars on the classpath and are extracted into {@code DJL_CACHE_DIR}; DJL is told
 * never to download anything ({@code ai.djl.offline=true}). Call {@link #get()} before any other DJL use,
 * so the properties are in place when the engine loads.
 */
public final class TorchEngine {

    /** DJL's engine name for PyTorch. */
    public static final String NAME = "PyTorch";
    /** System property (or environment variable) naming the folder the natives are extracted to. */
    public static final String CACHE_DIR_PROPERTY = "DJL_CACHE_DIR";

    private TorchEngine() {
    }

    /** The PyTorch engine, started offline on first use. */
    public static synchronized Engine get() {
        System.setProperty("ai.djl.offline", "true");
        if (System.getProperty(CACHE_DIR_PROPERTY) == null && System.getenv(CACHE_DIR_PROPERTY) == null) {
            System.setProperty(CACHE_DIR_PROPERTY, defaultCacheDir().toString());
        }
        if (System.getProperty("ENGINE_CACHE_DIR") == null && System.getenv("ENGINE_CACHE_DIR") == null) {
            System.setProperty("ENGINE_CACHE_DIR", cacheDir().toString());
        }
        return Engine.getEngine(NAME);
    }

    /** Where the natives are (or will be) extracted. */
    public static Path cacheDir() {
        String p = System.getProperty(CACHE_DIR_PROPERTY, System.getenv(CACHE_DIR_PROPERTY));
        return p == null ? defaultCacheDir() : Path.of(p);
    }

    /** {@code ~/.djl.ai}, DJL's own default, when neither the property nor the environment names one. */
    private static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".djl.ai");
    }
}
