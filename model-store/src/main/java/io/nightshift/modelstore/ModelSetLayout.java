package io.nightshift.modelstore;

import io.nightshift.protocol.ObjectKeys;

/**
 * Where model sets lie in the models bucket. A set is immutable once published and lives under its own
 * folder; the manifest's model keys are relative to that folder, as in a local set folder:
 *
 * <pre>
 * sets/2026-11-26.1/enhancer.onnx
 * sets/2026-11-26.1/ratio.onnx
 * sets/2026-11-26.1/manifest.json     written after the models
 * channels/default/latest            the version of the set announced last on the channel (text),
 *                                     written after the announcement
 * </pre>
 */
public final class ModelSetLayout {

    private static final String SETS = "sets/";
    private static final String CHANNELS = "channels/";

    private ModelSetLayout() {
    }

    /** @throws IllegalArgumentException when the version is not a valid id ({@link ObjectKeys#ID_RULE}) */
    public static String folder(String setVersion) {
        if (!ObjectKeys.isValidId(setVersion)) {
            throw new IllegalArgumentException("model-set version '" + setVersion + "' is not valid: " + ObjectKeys.ID_RULE);
        }
        return SETS + setVersion + "/";
    }

    /** The pointer to the set announced last on {@code channel}: its version as UTF-8 text. */
    public static String latest(String channel) {
        if (!ObjectKeys.isValidId(channel)) {
            throw new IllegalArgumentException("channel '" + channel + "' is not valid: " + ObjectKeys.ID_RULE);
        }
        return CHANNELS + channel + "/latest";
    }

    public static String manifestKey(String setVersion) {
        return folder(setVersion) + "manifest.json";
    }

    /** The key of a model given relative to its set's folder. */
    public static String modelKey(String setVersion, String relativeKey) {
        return ObjectKeys.requireSafeKey("model key", folder(setVersion) + relativeKey);
    }
}
