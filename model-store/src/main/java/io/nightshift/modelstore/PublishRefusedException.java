package io.nightshift.modelstore;

/**
 * A model set that must not be published as it is: a model whose bytes do not match the manifest's
 * SHA-256, a missing file, an invalid version, or a version already published with other models
 * (published sets are immutable). Nothing is announced when this is thrown.
 */
public final class PublishRefusedException extends RuntimeException {
    public PublishRefusedException(String message) {
        super(message);
    }
}
