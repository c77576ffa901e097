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
 * @param enhancerInt8   the same U-Net statically quantized (QDQ: int8 weights per channel, uint8 activations;
 *                       float32 inputs and outputs), for CPUs, or {@code null} when the set has none (protocol v1
 *                       addition of 2026-12-05, after {@code enhancerFp16}: older readers ignore it; a worker on CPU
 *                       may load this one, checked like the others)
 * @param metrics        evaluation figures (name → value), may be empty
 * @param data           what the models were trained on, may be {@code null}
 * @param command        the command line that produced the set, may be {@code null}
 * @param createdAt      when the set was made
 */
public record ModelSetManifest(String setVersion, ModelFile enhancer, ModelFile ratioEstimator,
                               ModelFile enhancerFp16, ModelFile enhancerInt8, Map<String, Double> metrics,
                               String data, String command, Instant createdAt) {
    public ModelSetManifest {
        Objects.requireNonNull(setVersion, "setVersion");
        Objects.requireNonNull(enhancer, "enhancer");
        Objects.requireNonNull(ratioEstimator, "ratioEstimator");
        Objects.requireNonNull(createdAt, "createdAt");
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    /** A set without an FP16 or INT8 enhancer. */
    public ModelSetManifest(String setVersion, ModelFile enhancer, ModelFile ratioEstimator,
                            Map<String, Double> metrics, String data, String command, Instant createdAt) {
        this(setVersion, enhancer, ratioEstimator, null, null, metrics, data, command, createdAt);
    }

    /** A set without an INT8 enhancer. */
    public ModelSetManifest(String setVersion, ModelFile enhancer, ModelFile ratioEstimator, ModelFile enhancerFp16,
                            Map<String, Double> metrics, String data, String command, Instant createdAt) {
        this(setVersion, enhancer, ratioEstimator, enhancerFp16, null, metrics, data, command, createdAt);
    }

    /** This manifest with {@code int8} as its INT8 enhancer ({@code null}: none). */
    public ModelSetManifest withEnhancerInt8(ModelFile int8) {
        return new ModelSetManifest(setVersion, enhancer, ratioEstimator, enhancerFp16, int8, metrics, data, command,
                createdAt);
    }

    /** Every model file of the set: the enhancer, the ratio estimator, then the FP16 and INT8 enhancers it has. */
    public java.util.List<ModelFile> files() {
        java.util.List<ModelFile> files = new java.util.ArrayList<>(java.util.List.of(enhancer, ratioEstimator));
        if (enhancerFp16 != null) {
            files.add(enhancerFp16);
        }
        if (enhancerInt8 != null) {
            files.add(enhancerInt8);
        }
        return java.util.List.copyOf(files);
    }
}
