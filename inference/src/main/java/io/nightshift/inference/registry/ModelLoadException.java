package io.nightshift.inference.registry;

/**
 * A model set that could not be loaded, and why; the registry keeps serving the set it had.
 */
public class ModelLoadException extends RuntimeException {

    /** Why a load was refused. */
    public enum Reason {
        /** The manifest is missing, unreadable or not a valid {@code ModelSetManifest}. */
        MANIFEST,
        /** A model file named by the manifest is missing or unreadable, or its key is unsafe. */
        MISSING_FILE,
        /** A model file's SHA-256 differs from the manifest's. */
        SHA_MISMATCH,
        /**
         * The manifest in the store is not the one announced (another version, other model keys or SHA-256s): it was
         * replaced after the announcement. The announcement is what the fleet was told to serve.
         */
        NOT_ANNOUNCED,
        /** ONNX Runtime cannot load a model file (corrupt, not ONNX). */
        CORRUPT,
        /** A model does not fit the model contract (signature, metadata or probe run). */
        CONTRACT,
        /** The warm-up run failed. */
        WARMUP,
        /** The registry is closed. */
        CLOSED
    }

    private final Reason reason;
    private final String source;

    public ModelLoadException(Reason reason, String source, String message, Throwable cause) {
        super("model set " + source + " refused (" + reason.name().toLowerCase(java.util.Locale.ROOT) + "): " + message,
                cause);
        this.reason = reason;
        this.source = source;
    }

    public Reason reason() {
        return reason;
    }

    /** The set's version, or where its manifest was read from when the version is not known. */
    public String source() {
        return source;
    }
}
