package io.nightshift.contract.onnx;

import io.nightshift.contract.EnhancerContract;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The shape of an enhancer U-Net.
 *
 * @param widths     channels per level, top to bottom; one 2×2 max-pool between levels, so
 *                   {@code widths.size() − 1} poolings (5 levels: input sides multiples of 16)
 * @param batchNorm  batch normalization after each 3×3 convolution (whose bias is then dropped)
 * @param activation after each 3×3 convolution (and its batch normalization)
 * @param epsilon    batch normalization epsilon
 * @param inputResidual the network's output is added to the input itself, upsampled (see
 *                   {@link EnhancerNetwork#inputResidualKernel()}): the layers learn a correction to the input
 *                   (noise, black lift, detail) instead of re-creating its colour from features
 * @param bilinearBase with {@code inputResidual}: the input upsampled by a bilinear demosaic
 *                   ({@link EnhancerNetwork#bilinearResidualKernel()}) instead of nearest-neighbour per 2×2 block
 * @param noiseInput the input carries contract v2's two noise planes ({@link EnhancerContract#V2}); the residual
 *                   base reads only the four packed channels
 */
public record UNetConfig(List<Integer> widths, boolean batchNorm, Activation activation, float epsilon,
        boolean inputResidual, boolean bilinearBase, boolean noiseInput) {

    /** DJL's and PyTorch's default batch-norm epsilon. */
    public static final float DEFAULT_EPSILON = 1e-5f;

    public UNetConfig {
        widths = List.copyOf(widths);
        if (widths.size() < 2 || widths.stream().anyMatch(w -> w <= 0)) {
            throw new IllegalArgumentException("a U-Net needs at least two levels of positive widths, got " + widths);
        }
        if (bilinearBase && !inputResidual) {
            throw new IllegalArgumentException("a bilinear base is the input residual's: it needs inputResidual");
        }
    }

    /** Without noise planes (contract v1). */
    public UNetConfig(List<Integer> widths, boolean batchNorm, Activation activation, float epsilon,
                      boolean inputResidual, boolean bilinearBase) {
        this(widths, batchNorm, activation, epsilon, inputResidual, bilinearBase, false);
    }

    /** Without a bilinear base or noise planes (contract v1). */
    public UNetConfig(List<Integer> widths, boolean batchNorm, Activation activation, float epsilon,
                      boolean inputResidual) {
        this(widths, batchNorm, activation, epsilon, inputResidual, false, false);
    }

    /** The SID U-Net: 32-64-128-256-512, no batch normalization, LeakyReLU 0.2. */
    public static UNetConfig sid() {
        return sid(32, 64, 128, 256, 512);
    }

    /** The SID U-Net with other widths. */
    public static UNetConfig sid(int... widths) {
        return new UNetConfig(box(widths), false, Activation.LEAKY_RELU_0_2, DEFAULT_EPSILON, false);
    }

    /** The smaller BN U-Net: five levels of base × 1, 2, 4, 8, 16, batch normalization, LeakyReLU 0.2. */
    public static UNetConfig batchNormVariant(int baseWidth) {
        return new UNetConfig(List.of(baseWidth, 2 * baseWidth, 4 * baseWidth, 8 * baseWidth, 16 * baseWidth),
                true, Activation.LEAKY_RELU_0_2, DEFAULT_EPSILON, false);
    }

    /** This U-Net with its output added to (or, with false, independent of) the upsampled input. */
    public UNetConfig withInputResidual(boolean residual) {
        return new UNetConfig(widths, batchNorm, activation, epsilon, residual, residual && bilinearBase, noiseInput);
    }

    /** This U-Net with an input residual whose base is a bilinear demosaic of the input. */
    public UNetConfig withBilinearBase() {
        return new UNetConfig(widths, batchNorm, activation, epsilon, true, true, noiseInput);
    }

    /** This U-Net taking contract v2's input: the packed channels and two noise planes. */
    public UNetConfig withNoiseInput() {
        return new UNetConfig(widths, batchNorm, activation, epsilon, inputResidual, bilinearBase, true);
    }

    /** The enhancer contract of this network's input. */
    public EnhancerContract contract() {
        return noiseInput ? EnhancerContract.V2 : EnhancerContract.V1;
    }

    /** Channels of the input: 4, or 6 with noise planes. */
    public int inputChannels() {
        return contract().inputChannels();
    }

    public int levels() {
        return widths.size();
    }

    /** Input height and width must be multiples of this: 2^(levels − 1). */
    public int sizeMultiple() {
        return 1 << (levels() - 1);
    }

    /**
     * e.g. {@code sid-unet 32-64-128-256-512}, {@code bn-unet 16-32-64-128-256}, {@code bn-unet residual 16-…},
     * {@code bn-unet residual bilinear 16-…} or {@code bn-unet noise residual 16-…}.
     */
    public String architecture() {
        return (batchNorm ? "bn-unet " : "sid-unet ") + (noiseInput ? "noise " : "") + (inputResidual ? "residual " : "")
                + (bilinearBase ? "bilinear " : "")
                + widths.stream().map(String::valueOf).collect(Collectors.joining("-"));
    }

    private static List<Integer> box(int[] widths) {
        return Arrays.stream(widths).boxed().toList();
    }
}
