package io.nightshift.contract;

/**
 * The names and sizes of model contract v1, shared by the trainer and the inference core.
 * Metadata keys live in {@link MetadataKeys}, shapes per model kind in {@link ModelRole}.
 */
public final class ContractV1 {

    /** Value of {@link MetadataKeys#CONTRACT} for the enhancer (U-Net). */
    public static final String ENHANCER_CONTRACT = "enhancer/v1";
    /** Value of {@link MetadataKeys#CONTRACT} for the ratio estimator. */
    public static final String RATIO_CONTRACT = "ratio/v1";

    /** Enhancer input: float32 [N, 4, h, w], packed R, G1, B, G2 × white balance × ratio, clipped. */
    public static final String ENHANCER_INPUT = "packed";
    /** Enhancer output: float32 [N, 3, 2h, 2w], linear white-balanced camera RGB in [0, 1]. */
    public static final String ENHANCER_OUTPUT = "rgb";
    /** Ratio estimator input: float32 [N, 3, 64, 64], white-balanced R, mean(G1, G2), B, no ratio. */
    public static final String RATIO_INPUT = "thumb";
    /** Ratio estimator output: float32 [N, 1], log2 of the amplification ratio. */
    public static final String RATIO_OUTPUT = "log2_ratio";

    /** Channels of the packed image, in this order: R, G1, B, G2. */
    public static final int PACKED_CHANNELS = 4;
    public static final int CHANNEL_R = 0;
    public static final int CHANNEL_G1 = 1;
    public static final int CHANNEL_B = 2;
    public static final int CHANNEL_G2 = 3;

    /** Channels of the enhancer output and of the thumb: R, G, B. */
    public static final int RGB_CHANNELS = 3;
    public static final int THUMB_CHANNELS = 3;
    /** The thumb is the whole frame area-averaged to this many pixels on each side. */
    public static final int THUMB_SIZE = 64;

    /** Enhancer input height and width must be multiples of this (four 2×2 poolings). */
    public static final int SIZE_MULTIPLE = 16;
    /** The enhancer's output is this many times larger than its input on each side. */
    public static final int UPSCALE = 2;

    private ContractV1() {
    }
}
