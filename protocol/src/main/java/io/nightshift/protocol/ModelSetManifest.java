package io.nightshift.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A model set: the enhancer and the ratio estimator that are served together, announced on the model-set
 * topic and stored beside the models.
 *
 * @param setVersion     the set's version, e.g. {@code 2026-11-26.1}; results name it
 * @param enhancer       the U-Net
 * @param ratioEstimator the ratio CNN
 * @param metrics        evaluation figures (name → value), may be empty
 * @param data           what the models were trained on, may be {@code null}
 * @param command        the command line that produced the set, may be {@code null}
 * @param createdAt      when the set was made
 */
public record ModelSetManifest(String setVersion, ModelFile enhancer, ModelFile ratioEstimator,
                               Map<String, Double> metrics, String data, String command, Instant createdAt) {
    public ModelSetManifest {
        Objects.requireNonNull(setVersion, "setVersion");
        Objects.requireNonNull(enhancer, "enhancer");
        Objects.requireNonNull(ratioEstimator, "ratioEstimator");
        Objects.requireNonNull(createdAt, "createdAt");
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
