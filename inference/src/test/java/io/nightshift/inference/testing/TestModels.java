package io.nightshift.inference.testing;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.onnx.EnhancerNetwork;
import io.nightshift.contract.onnx.ExportOptions;
import io.nightshift.contract.onnx.RandomWeights;
import io.nightshift.contract.onnx.RatioNetwork;
import io.nightshift.contract.onnx.RatioNetworkConfig;
import io.nightshift.contract.onnx.UNetConfig;
import java.util.SplittableRandom;

/** Seeded random-weight models of the contract's shapes, and test images. */
public final class TestModels {

    /** Narrow SID U-Net: the SID topology's ±107 receptive field, fast. */
    public static final UNetConfig NARROW_SID = UNetConfig.sid(8, 8, 8, 8, 8);

    private TestModels() {
    }

    public static byte[] enhancer(long seed) {
        return EnhancerNetwork.random(NARROW_SID, seed, ExportOptions.of("test-enhancer-" + seed)).toByteArray();
    }

    /**
     * A random enhancer whose head is not damped ({@link EnhancerNetwork#random} scales it by 0.1):
     * its outputs spread well beyond [0, 1], so a comparison before clipping sees every difference.
     */
    public static byte[] wideEnhancer(long seed) {
        return EnhancerNetwork.build(NARROW_SID,
                new RandomWeights(seed).adjusted("head.weight", 1.0, 0).adjusted("head.bias", 1, 0.5),
                ExportOptions.of("test-wide-enhancer-" + seed)).toByteArray();
    }

    /** {@link #wideEnhancer} taking contract v2's input: the packed four channels and two noise planes. */
    public static byte[] wideNoiseEnhancer(long seed) {
        return EnhancerNetwork.build(NARROW_SID.withNoiseInput(),
                new RandomWeights(seed).adjusted("head.weight", 1.0, 0).adjusted("head.bias", 1, 0.5),
                ExportOptions.of("test-wide-noise-enhancer-" + seed)).toByteArray();
    }

    public static byte[] ratioEstimator(long seed) {
        return RatioNetwork.random(RatioNetworkConfig.defaults(), seed, ExportOptions.of("test-ratio-" + seed))
                .toByteArray();
    }

    /** A packed-like image in [0, 1]: smooth structure plus noise, so networks see edges everywhere. */
    public static PlanarImage packedImage(long seed, int channels, int height, int width) {
        SplittableRandom random = new SplittableRandom(seed);
        PlanarImage image = PlanarImage.zeros(channels, height, width);
        for (int c = 0; c < channels; c++) {
            double fx = 0.02 + 0.05 * random.nextDouble();
            double fy = 0.02 + 0.05 * random.nextDouble();
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double v = 0.45 + 0.3 * Math.sin(fx * x + c) * Math.cos(fy * y) + 0.2 * (random.nextDouble() - 0.5);
                    image.set(c, y, x, (float) Math.min(1, Math.max(0, v)));
                }
            }
        }
        return image;
    }
}
