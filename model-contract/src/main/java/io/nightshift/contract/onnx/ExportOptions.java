package io.nightshift.contract.onnx;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a network factory writes its graph.
 *
 * @param modelVersion   written under {@code nightshift.model_version} (required by the contract)
 * @param precision      FP32, or FP16 weights and arithmetic with float32 inputs and outputs
 * @param foldBatchNorm  fold batch normalization into the preceding convolution (no
 *                       BatchNormalization nodes) or keep it as nodes
 * @param metadata       further {@code metadata_props}: provenance and metrics
 *                       (see {@link io.nightshift.contract.MetadataKeys})
 */
public record ExportOptions(String modelVersion, Precision precision, boolean foldBatchNorm, Map<String, String> metadata) {

    public ExportOptions {
        if (modelVersion == null || modelVersion.isBlank()) {
            throw new IllegalArgumentException("a model version is required");
        }
        if (precision == null) {
            throw new IllegalArgumentException("a precision is required");
        }
        metadata = Map.copyOf(metadata);
    }

    /** FP32, batch normalization folded, no further metadata. */
    public static ExportOptions of(String modelVersion) {
        return new ExportOptions(modelVersion, Precision.FP32, true, Map.of());
    }

    public ExportOptions withPrecision(Precision p) {
        return new ExportOptions(modelVersion, p, foldBatchNorm, metadata);
    }

    public ExportOptions withFoldBatchNorm(boolean fold) {
        return new ExportOptions(modelVersion, precision, fold, metadata);
    }

    public ExportOptions withMetadata(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(metadata);
        m.put(key, value);
        return new ExportOptions(modelVersion, precision, foldBatchNorm, m);
    }
}
