package io.nightshift.inference.registry;

import io.nightshift.protocol.ModelFile;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Writes a model-set folder: {@code enhancer.onnx}, {@code ratio.onnx}, {@code enhancer.fp16.onnx} when the set
 * has an FP16 enhancer, and {@code manifest.json} (a {@code ModelSetManifest} whose keys are relative to the folder
 * and whose SHA-256s are the files'). The manifest is written last, so a reader never sees a manifest without its
 * models; a set without an FP16 enhancer leaves no stale {@code enhancer.fp16.onnx} of another set beside it.
 */
public final class ModelSetFolder {

    public static final String ENHANCER_FILE = "enhancer.onnx";
    public static final String ENHANCER_FP16_FILE = "enhancer.fp16.onnx";
    public static final String RATIO_FILE = "ratio.onnx";

    private ModelSetFolder() {
    }

    /** A set without an FP16 enhancer. */
    public static ModelSetManifest write(Path dir, String setVersion, byte[] enhancer, byte[] ratio,
            Map<String, Double> metrics, String data, String command) throws IOException {
        return write(dir, setVersion, enhancer, null, ratio, metrics, data, command);
    }

    /** @param enhancerFp16 the FP16 enhancer's ONNX bytes, or {@code null} when the set has none */
    public static ModelSetManifest write(Path dir, String setVersion, byte[] enhancer, byte[] enhancerFp16,
            byte[] ratio, Map<String, Double> metrics, String data, String command) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(ENHANCER_FILE), enhancer);
        Files.write(dir.resolve(RATIO_FILE), ratio);
        if (enhancerFp16 != null) {
            Files.write(dir.resolve(ENHANCER_FP16_FILE), enhancerFp16);
        } else {
            Files.deleteIfExists(dir.resolve(ENHANCER_FP16_FILE));
        }
        ModelSetManifest manifest = new ModelSetManifest(setVersion,
                new ModelFile(ENHANCER_FILE, ModelRegistry.sha256(enhancer)),
                new ModelFile(RATIO_FILE, ModelRegistry.sha256(ratio)),
                enhancerFp16 == null ? null : new ModelFile(ENHANCER_FP16_FILE, ModelRegistry.sha256(enhancerFp16)),
                metrics, data, command, Instant.now());
        Path tmp = dir.resolve(ModelRegistry.MANIFEST + ".tmp");
        Files.write(tmp, ProtocolJson.write(manifest));
        Files.move(tmp, dir.resolve(ModelRegistry.MANIFEST), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return manifest;
    }
}
