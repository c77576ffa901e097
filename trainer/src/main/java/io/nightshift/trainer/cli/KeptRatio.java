package io.nightshift.trainer.cli;

import io.nightshift.protocol.ModelSetManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ratio estimator of an existing model set, kept when only the U-Net is new ({@link ComposeCli}): its ONNX bytes
 * (checked against the set's manifest) and the training figures and provenance the new set's manifest carries on.
 *
 * @param metrics the set's ratio-estimator figures ({@link #isRatioFigure})
 */
public record KeptRatio(String setVersion, byte[] onnx, Map<String, Double> metrics, String data, String command) {

    /** Reads the ratio estimator of the model set in {@code dir}; an error when the folder is not an intact set. */
    public static KeptRatio read(Path dir) throws IOException {
        ModelSetManifest manifest = KeptEnhancer.manifest(dir);
        byte[] onnx = KeptEnhancer.named(dir, manifest.ratioEstimator());
        Map<String, Double> metrics = new LinkedHashMap<>();
        manifest.metrics().forEach((k, v) -> {
            if (isRatioFigure(k)) {
                metrics.put(k, v);
            }
        });
        return new KeptRatio(manifest.setVersion(), onnx, Map.copyOf(metrics), manifest.data(), manifest.command());
    }

    /**
     * Whether a manifest figure describes the ratio estimator's training ({@code ratio_steps}, {@code ratio_minutes},
     * {@code train_val_ratio_stops}, an ensemble's {@code ratio_member{k}_*}); the U-Net's and the set's are not
     * carried.
     */
    static boolean isRatioFigure(String key) {
        return key.startsWith("ratio_") || key.equals("train_val_ratio_stops");
    }
}
