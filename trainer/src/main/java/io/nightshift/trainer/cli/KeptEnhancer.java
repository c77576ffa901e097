package io.nightshift.trainer.cli;

import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.registry.ModelSetFolder;
import io.nightshift.protocol.ModelFile;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The U-Net of an existing model set, kept when only the ratio CNN is retrained ({@code TrainCli --enhancer-from}):
 * its ONNX bytes (checked against the set's manifest), the FP16 variant when the folder has one, and the training
 * figures and provenance the new set's manifest carries on.
 *
 * @param int8    the set's INT8 U-Net when its manifest names one (checked), to be carried over as it is (it
 *                quantizes the same FP32 network)
 * @param metrics the set's U-Net training figures ({@link #METRICS} that it has; {@code int8_parity_psnr_db} too with
 *                an INT8 U-Net)
 */
public record KeptEnhancer(String setVersion, byte[] fp32, Optional<byte[]> fp16, Optional<byte[]> int8,
        Map<String, Double> metrics, String data, String command) {

    /** The manifest figures that describe the U-Net's training, not the set's evaluation. */
    public static final List<String> METRICS = List.of("train_val_psnr_db", "enhancer_steps", "enhancer_minutes");

    /** Reads the U-Net of the model set in {@code dir}; an error when the folder is not a complete, intact set. */
    public static KeptEnhancer read(Path dir) throws IOException {
        ModelSetManifest manifest = manifest(dir);
        byte[] fp32 = named(dir, manifest.enhancer());
        // the FP16 U-Net the manifest names (checked), or an older folder's unnamed one beside it
        Optional<byte[]> fp16;
        if (manifest.enhancerFp16() != null) {
            fp16 = Optional.of(named(dir, manifest.enhancerFp16()));
        } else {
            Path half = dir.resolve(ModelSetFolder.ENHANCER_FP16_FILE);
            fp16 = Files.isRegularFile(half) ? Optional.of(Files.readAllBytes(half)) : Optional.empty();
        }
        Optional<byte[]> int8 = manifest.enhancerInt8() == null ? Optional.empty()
                : Optional.of(named(dir, manifest.enhancerInt8()));
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String k : METRICS) {
            if (!manifest.metrics().containsKey(k)) {
                throw new IOException("the manifest of set " + manifest.setVersion() + " lacks the U-Net figure " + k);
            }
            metrics.put(k, manifest.metrics().get(k));
        }
        if (int8.isPresent() && manifest.metrics().containsKey("int8_parity_psnr_db")) {
            metrics.put("int8_parity_psnr_db", manifest.metrics().get("int8_parity_psnr_db"));
        }
        return new KeptEnhancer(manifest.setVersion(), fp32, fp16, int8, Map.copyOf(metrics), manifest.data(),
                manifest.command());
    }

    /** The manifest of the model set in {@code dir}; an error when there is none or it is not valid. */
    static ModelSetManifest manifest(Path dir) throws IOException {
        try {
            return ProtocolJson.readModelSet(Files.readAllBytes(dir.resolve(ModelRegistry.MANIFEST)));
        } catch (NoSuchFileException e) {
            throw new IOException(dir + " is not a model set: it has no " + ModelRegistry.MANIFEST, e);
        } catch (RuntimeException e) {
            throw new IOException(dir.resolve(ModelRegistry.MANIFEST) + " is not a valid model-set manifest: "
                    + e.getMessage(), e);
        }
    }

    /** The bytes of a file the manifest names, checked against its SHA-256; an error when missing or different. */
    static byte[] named(Path dir, ModelFile file) throws IOException {
        Path path = dir.resolve(file.key());
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + " is missing: its manifest names it");
        }
        byte[] bytes = Files.readAllBytes(path);
        String sha = ModelRegistry.sha256(bytes);
        if (!sha.equals(file.sha256())) {
            throw new IOException(path + " has SHA-256 " + sha + ", its manifest says " + file.sha256());
        }
        return bytes;
    }
}
