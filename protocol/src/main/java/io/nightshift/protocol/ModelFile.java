package io.nightshift.protocol;

import java.util.Objects;

/**
 * One ONNX model of a model set, in the model store.
 *
 * @param key    object key in the model bucket
 * @param sha256 lower-case hex SHA-256 of the file, checked before loading
 */
public record ModelFile(String key, String sha256) {
    public ModelFile {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha256, "sha256");
    }
}
