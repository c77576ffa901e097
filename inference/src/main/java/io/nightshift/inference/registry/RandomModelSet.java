package io.nightshift.inference.registry;

import io.nightshift.contract.onnx.EnhancerNetwork;
import io.nightshift.contract.onnx.ExportOptions;
import io.nightshift.contract.onnx.RatioNetwork;
import io.nightshift.contract.onnx.RatioNetworkConfig;
import io.nightshift.contract.onnx.UNetConfig;
import io.nightshift.contract.onnx.quant.CalibrationInput;
import io.nightshift.contract.onnx.quant.EnhancerQuantizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * RANDOM-WEIGHT model sets for tests and for trying the command line before a trained model exists: a
 * narrow SID U-Net (widths 8-8-8-8-8, the SID topology's ±107 receptive field) and the default ratio
 * CNN, seeded. They fit the contract and run, but they enhance nothing: the output is noise-like.
 * The manifest's {@code data} says so, and the set version starts with {@code random-weights-}.
 */
public final class RandomModelSet {

    public static final UNetConfig NARROW_SID = UNetConfig.sid(8, 8, 8, 8, 8);
    public static final String DATA = "none: RANDOM WEIGHTS, untrained (a test model set; it does not enhance)";

    private RandomModelSet() {
    }

    /** The set's version for a seed: {@code random-weights-seed-N}. */
    public static String version(long seed) {
        return "random-weights-seed-" + seed;
    }

    public static byte[] enhancer(long seed) {
        return EnhancerNetwork.random(NARROW_SID, seed, ExportOptions.of(version(seed) + "-enhancer")).toByteArray();
    }

    /** A random U-Net of contract {@code enhancer/v2} (the packed four channels and two noise planes). */
    public static byte[] enhancerV2(long seed) {
        return EnhancerNetwork.random(NARROW_SID.withNoiseInput(), seed, ExportOptions.of(version(seed) + "-enhancer"))
                .toByteArray();
    }

    /** The same random U-Net as {@link #enhancer}, with float16 weights and arithmetic. */
    public static byte[] enhancerFp16(long seed) {
        return EnhancerNetwork.random(NARROW_SID, seed, ExportOptions.of(version(seed) + "-enhancer")
                .withPrecision(io.nightshift.contract.onnx.Precision.FP16)).toByteArray();
    }

    /**
     * The same random U-Net as {@link #enhancer}, statically quantized ({@code EnhancerQuantizer.defaults()}),
     * calibrated on four seeded 64 × 64 packed inputs uniform in [0, 1) (a random set has no training data).
     */
    public static byte[] enhancerInt8(long seed) {
        java.util.List<CalibrationInput> calibration = new java.util.ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int i = 0; i < 4; i++) {
            float[] x = new float[4 * 64 * 64];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) random.nextDouble();
            }
            calibration.add(new CalibrationInput(x, new long[] {1, 4, 64, 64}));
        }
        try {
            return EnhancerQuantizer.defaults().quantize(EnhancerNetwork.random(NARROW_SID, seed,
                    ExportOptions.of(version(seed) + "-enhancer")), calibration, 1).toByteArray();
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException("calibrating the random enhancer failed", e);
        }
    }

    public static byte[] ratioEstimator(long seed) {
        return RatioNetwork.random(RatioNetworkConfig.defaults(), seed + 1, ExportOptions.of(version(seed) + "-ratio"))
                .toByteArray();
    }

    /** Writes the set for {@code seed} into {@code dir} (see {@link ModelSetFolder}). */
    public static io.nightshift.protocol.ModelSetManifest write(Path dir, long seed, String command) throws IOException {
        return ModelSetFolder.write(dir, version(seed), enhancer(seed), ratioEstimator(seed), Map.of(), DATA, command);
    }

    /** As {@link #write}, with the FP16 enhancer beside the FP32 one (as trained sets have it). */
    public static io.nightshift.protocol.ModelSetManifest writeWithFp16(Path dir, long seed, String command)
            throws IOException {
        return ModelSetFolder.write(dir, version(seed), enhancer(seed), enhancerFp16(seed), ratioEstimator(seed),
                Map.of(), DATA, command);
    }

    /** As {@link #writeWithFp16}, with the INT8 enhancer too. */
    public static io.nightshift.protocol.ModelSetManifest writeWithInt8(Path dir, long seed, String command)
            throws IOException {
        return ModelSetFolder.write(dir, version(seed), enhancer(seed), enhancerFp16(seed), enhancerInt8(seed),
                ratioEstimator(seed), Map.of(), DATA, command);
    }
}
