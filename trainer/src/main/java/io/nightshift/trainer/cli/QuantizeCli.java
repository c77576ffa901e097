package io.nightshift.trainer.cli;

import io.nightshift.contract.onnx.quant.ActivationType;
import io.nightshift.contract.onnx.quant.EnhancerQuantizer;
import io.nightshift.contract.onnx.quant.RangeMethod;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.registry.ModelSetFolder;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.trainer.data.PhotoSources;
import io.nightshift.trainer.quant.CalibrationData;
import io.nightshift.trainer.quant.Int8Export;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code nightshift quantize [--models DIR] [--photos DIR[,DIR…]] [--max-photos N] [--seed S] [--method minmax|pP]
 * [--activations uint8|int8] [--first-conv int8|fp32] [--float-levels N] [--dry-run | --out FILE]}: adds a statically quantized enhancer to an
 * existing model set. The set's FP32 enhancer (checked against its manifest) is calibrated on training-data inputs
 * ({@link CalibrationData}: training-split photographs, never the held-out ones), quantized with
 * {@link EnhancerQuantizer} and checked against FP32 ({@link Int8Export}); then {@code enhancer.int8.onnx} and
 * the manifest's {@code enhancerInt8} and {@code int8_parity_psnr_db} are written ({@link ModelSetFolder#addInt8}).
 * {@code --dry-run} measures without writing; {@code --out} writes the model there instead of into the set (to compare
 * recipes with {@code bench engine --int8 --int8-model FILE}). JSON on the last line.
 */
public final class QuantizeCli {

    private QuantizeCli() {
    }

    public static void main(String[] args) throws Exception {
        Path models = Path.of("models/default");
        List<Path> photos = PhotoSources.DEFAULT_FOLDERS;
        int maxPhotos = 24;
        long seed = 1;
        EnhancerQuantizer recipe = EnhancerQuantizer.defaults();
        boolean dryRun = false;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--models" -> models = Path.of(args[++i]);
                case "--photos" -> photos = PhotoSources.folders(args[++i]);
                case "--max-photos" -> maxPhotos = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--method" -> {
                    String m = args[++i];
                    recipe = recipe.withMethod(m.equals("minmax") ? RangeMethod.MIN_MAX
                            : RangeMethod.percentile(Double.parseDouble(m.replaceFirst("^p", ""))));
                }
                case "--activations" -> recipe = recipe.withActivations(ActivationType.valueOf(
                        args[++i].toUpperCase(Locale.ROOT)));
                case "--first-conv" -> recipe = recipe.withFirstConv(args[++i].equalsIgnoreCase("int8"));
                case "--dry-run" -> dryRun = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--float-levels" -> recipe = recipe.withFloatLevels(Integer.parseInt(args[++i]));
                default -> {
                    System.err.println("usage: QuantizeCli [--models DIR] [--photos DIR[,DIR...]] [--max-photos N] "
                            + "[--seed S] [--method minmax|p99.99] [--activations uint8|int8] [--first-conv int8|fp32] "
                            + "[--float-levels N] [--dry-run | --out FILE]");
                    System.exit(2);
                }
            }
        }
        ModelSetManifest manifest = ProtocolJson.readModelSet(Files.readAllBytes(models.resolve(ModelRegistry.MANIFEST)));
        byte[] fp32 = Files.readAllBytes(models.resolve(manifest.enhancer().key()));
        if (!ModelRegistry.sha256(fp32).equals(manifest.enhancer().sha256())) {
            throw new IllegalStateException(manifest.enhancer().key() + " does not match its manifest's SHA-256");
        }
        long t0 = System.nanoTime();
        CalibrationData data = CalibrationData.fromPhotos(photos, maxPhotos, seed);
        System.out.printf(Locale.ROOT, "calibration data: %d training-split photographs of %s (%.0f s)%n", data.photos(),
                PhotoSources.joined(photos), (System.nanoTime() - t0) / 1e9);
        Int8Export export = Int8Export.of(fp32, data, recipe, Math.max(1, Runtime.getRuntime().availableProcessors()));
        System.out.println("recipe: " + recipe.describe());
        System.out.println(export.parity());
        if (out != null) {
            Files.write(out, export.int8());
            System.out.println("wrote " + out + " (the set left as it is)");
        } else if (!dryRun) {
            ModelSetFolder.addInt8(models, export.int8(), Map.of("int8_parity_psnr_db",
                    Math.round(export.parity().psnrDb() * 100) / 100.0));
            System.out.printf(Locale.ROOT, "wrote %s (%d B, FP32 %d B) and its manifest entry%n",
                    models.resolve(ModelSetFolder.ENHANCER_INT8_FILE), export.int8().length, fp32.length);
        }
        System.out.printf(Locale.ROOT, "{\"set_version\":\"%s\",\"recipe\":\"%s\",\"int8_parity_psnr_db\":%.2f,"
                        + "\"int8_max_abs_diff\":%.4f,\"int8_bytes\":%d,\"fp32_bytes\":%d,\"written\":%b,\"seconds\":%.0f,"
                        + "\"target\":\"int8_parity_psnr_db >= %.0f\",\"pass\":%b}%n",
                manifest.setVersion(), recipe.describe(), export.parity().psnrDb(), export.parity().maxAbsDiff(),
                export.int8().length, fp32.length, !dryRun && out == null, (System.nanoTime() - t0) / 1e9,
                io.nightshift.trainer.quant.Int8Parity.MIN_PSNR_DB, export.parity().passes());
    }
}
