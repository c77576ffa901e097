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
 * has an FP16 enhancer, {@code enhancer.int8.onnx} when it has an INT8 one, and {@code manifest.json} (a
 * {@code ModelSetManifest} whose keys are relative to the folder and whose SHA-256s are the files'). The manifest is
 * written last, so a reader never sees a manifest without its models; a set without an FP16 enhancer leaves no
 * stale {@code enhancer.fp16.onnx} of another set beside it.
 *
 * <p>The INT8 enhancer is derived from the FP32 one ({@code QdqQuantizer}): the writers that do not name one keep the
 * folder's INT8 enhancer when its manifest records it for the very FP32 enhancer being written (same SHA-256 — e.g.
 * {@code evaluate --update-manifest}, a kept U-Net), and remove it otherwise, so an INT8 file of another U-Net is
 * never announced beside a new one.
 */
public final class ModelSetFolder {

    public static final String ENHANCER_FILE = "enhancer.onnx";
    public static final String ENHANCER_FP16_FILE = "enhancer.fp16.onnx";
    public static final String ENHANCER_INT8_FILE = "enhancer.int8.onnx";
    public static final String RATIO_FILE = "ratio.onnx";

    private ModelSetFolder() {
    }

    /** A set without an FP16 enhancer. */
    public static ModelSetManifest write(Path dir, String setVersion, byte[] enhancer, byte[] ratio,
            Map<String, Double> metrics, String data, String command) throws IOException {
        return write(dir, setVersion, enhancer, null, ratio, metrics, data, command);
    }

    /**
     * A set without a new INT8 enhancer: the folder's INT8 enhancer is kept if it was quantized from this same
     * {@code enhancer} (see the class comment).
     *
     * @param enhancerFp16 the FP16 enhancer's ONNX bytes, or {@code null} when the set has none
     */
    public static ModelSetManifest write(Path dir, String setVersion, byte[] enhancer, byte[] enhancerFp16,
            byte[] ratio, Map<String, Double> metrics, String data, String command) throws IOException {
        return write(dir, setVersion, enhancer, enhancerFp16, keptInt8(dir, enhancer), ratio, metrics, data, command);
    }

    /**
     * @param enhancerFp16 the FP16 enhancer's ONNX bytes, or {@code null} when the set has none
     * @param enhancerInt8 the INT8 enhancer's ONNX bytes (quantized from {@code enhancer}), or {@code null}: none
     */
    public static ModelSetManifest write(Path dir, String setVersion, byte[] enhancer, byte[] enhancerFp16,
            byte[] enhancerInt8, byte[] ratio, Map<String, Double> metrics, String data, String command)
            throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(ENHANCER_FILE), enhancer);
        Files.write(dir.resolve(RATIO_FILE), ratio);
        if (enhancerFp16 != null) {
            Files.write(dir.resolve(ENHANCER_FP16_FILE), enhancerFp16);
        } else {
            Files.deleteIfExists(dir.resolve(ENHANCER_FP16_FILE));
        }
        if (enhancerInt8 != null) {
            Files.write(dir.resolve(ENHANCER_INT8_FILE), enhancerInt8);
        } else {
            Files.deleteIfExists(dir.resolve(ENHANCER_INT8_FILE));
        }
        ModelSetManifest manifest = new ModelSetManifest(setVersion,
                new ModelFile(ENHANCER_FILE, ModelRegistry.sha256(enhancer)),
                new ModelFile(RATIO_FILE, ModelRegistry.sha256(ratio)),
                enhancerFp16 == null ? null : new ModelFile(ENHANCER_FP16_FILE, ModelRegistry.sha256(enhancerFp16)),
                enhancerInt8 == null ? null : new ModelFile(ENHANCER_INT8_FILE, ModelRegistry.sha256(enhancerInt8)),
                metrics, data, command, Instant.now());
        Path tmp = dir.resolve(ModelRegistry.MANIFEST + ".tmp");
        Files.write(tmp, ProtocolJson.write(manifest));
        Files.move(tmp, dir.resolve(ModelRegistry.MANIFEST), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return manifest;
    }

    /**
     * The folder's INT8 enhancer bytes when its manifest names one, quantized from {@code enhancer} (the manifest's
     * FP32 SHA-256 is {@code enhancer}'s) and intact (its own SHA-256 matches); else {@code null}.
     */
    static byte[] keptInt8(Path dir, byte[] enhancer) throws IOException {
        Path manifestFile = dir.resolve(ModelRegistry.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            return null;
        }
        ModelSetManifest old;
        try {
            old = ProtocolJson.readModelSet(Files.readAllBytes(manifestFile));
        } catch (RuntimeException e) {
            return null;
        }
        if (old.enhancerInt8() == null || !old.enhancer().sha256().equals(ModelRegistry.sha256(enhancer))) {
            return null;
        }
        Path int8 = dir.resolve(old.enhancerInt8().key());
        if (!Files.isRegularFile(int8)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(int8);
        return ModelRegistry.sha256(bytes).equals(old.enhancerInt8().sha256()) ? bytes : null;
    }

    /**
     * Adds (or replaces) the INT8 enhancer of the set in {@code dir}: writes {@code enhancer.int8.onnx}, then the
     * manifest with {@code enhancerInt8} and {@code metrics} merged in (version, other files, data, command and time
     * kept), atomically as {@link #write} does.
     */
    public static ModelSetManifest addInt8(Path dir, byte[] enhancerInt8, Map<String, Double> metrics)
            throws IOException {
        ModelSetManifest old = ProtocolJson.readModelSet(Files.readAllBytes(dir.resolve(ModelRegistry.MANIFEST)));
        Files.write(dir.resolve(ENHANCER_INT8_FILE), enhancerInt8);
        Map<String, Double> merged = new java.util.TreeMap<>(old.metrics());
        merged.putAll(metrics);
        ModelSetManifest manifest = new ModelSetManifest(old.setVersion(), old.enhancer(), old.ratioEstimator(),
                old.enhancerFp16(), new ModelFile(ENHANCER_INT8_FILE, ModelRegistry.sha256(enhancerInt8)), merged,
                old.data(), old.command(), old.createdAt());
        Path tmp = dir.resolve(ModelRegistry.MANIFEST + ".tmp");
        Files.write(tmp, ProtocolJson.write(manifest));
        Files.move(tmp, dir.resolve(ModelRegistry.MANIFEST), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return manifest;
    }
}
