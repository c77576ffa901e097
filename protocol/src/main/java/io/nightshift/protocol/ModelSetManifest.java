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
 * @param enhancerFp16   the same U-Net with float16 weights and arithmetic (float32 inputs and outputs), for GPUs,
 *                       or {@code null} when the set has none (protocol v1 addition of 2026-12-05: older readers
 *                       ignore it and load {@code enhancer}; a worker on CUDA loads this one, checked like the
 *                       others)
 * @param metrics        evaluation figures (name → value), may be empty
 * @param data           what the models were trained on, may be {@code null}
 * @param command        the command line that produced the set, may be {@code null}
 * @param createdAt      when the set was made
 */
public record ModelSetManifest(String setVersion, ModelFile enhancer, ModelFile ratioEstimator,
                               ModelFile enhancerFp16, Map<String, Double> metrics, String data, String command,
                               Instant createdAt) {
    public ModelSetManifest {
        Objects.requireNonNull(setVersion, "setVersion");
        Objects.requireNonNull(enhancer, "enhancer");
        Objects.requireNonNull(ratioEstimator, "ratioEstimator");
        Objects.requireNonNull(createdAt, "createdAt");
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    /** A set without an FP16 enhancer. */
    public ModelSetManifest(String setVersion, ModelFile enhancer, ModelFile ratioEstimator,
                            Map<String, Double> metrics, String data, String command, Instant createdAt) {
        this(setVersion, enhancer, ratioEstimator, null, metrics, data, command, createdAt);
    }

    /** Every model file of the set: the enhancer, the ratio estimator, and the FP16 enhancer when it has one. */
    public java.util.List<ModelFile> files() {
        return enhancerFp16 == null ? java.util.List.of(enhancer, ratioEstimator)
                : java.util.List.of(enhancer, ratioEstimator, enhancerFp16);
    }
}
