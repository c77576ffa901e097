package io.nightshift.contract.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.nightshift.contract.ContractV1;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the enhancer, a U-Net, as an ONNX graph: {@code packed [N, 4, h, w]} (contract v1; {@code [N, 6, h, w]}
 * with v2's noise planes, {@link UNetConfig#noiseInput()}) → {@code rgb [N, 3, 2h, 2w]}.
 *
 * <p>Topology (SID, Chen et al. 2018): per level two 3×3 convolutions (padding 1), each followed by
 * batch normalization when configured and the activation; a 2×2 max-pool between levels; on the way
 * up a 1×1 convolution to 4× the level's width and DepthToSpace ×2 (CRD), equal to SID's 2×2
 * stride-2 transposed convolution (see {@link UpConvolution}), then concatenation [upsampled,
 * skip] on channels and two 3×3 convolutions; finally a 1×1 convolution to 12 channels and
 * DepthToSpace ×2 (CRD). No activation or clipping at the end: the output is clipped by
 * post-processing. With {@link UNetConfig#inputResidual()} the head's 12 channels are added to
 * {@link #inputResidualKernel()} applied to the input before that last DepthToSpace, so an all-zero head
 * gives the input itself, each 2×2 block coloured [R, (G1 + G2) / 2, B] of its packed pixel.
 *
 * <p>Parameter names asked of the {@link WeightSource} (level {@code i} from 0 at the top, width
 * {@code w_i}, convolution {@code j} of 1, 2):
 * <ul>
 *   <li>{@code enc{i}.conv{j}.weight [w_i, in, 3, 3]} and, without batch norm,
 *       {@code enc{i}.conv{j}.bias [w_i]}; with batch norm {@code enc{i}.bn{j}.gamma|beta|running_mean|running_var [w_i]}</li>
 *   <li>{@code up{i}.weight [4·w_i, w_{i+1}, 1, 1]}, {@code up{i}.bias [4·w_i]} for i = L−2 … 0</li>
 *   <li>{@code dec{i}.conv{j}…}, {@code dec{i}.bn{j}…} as for the encoder (conv1 takes 2·w_i channels)</li>
 *   <li>{@code head.weight [12, w_0, 1, 1]}, {@code head.bias [12]}</li>
 * </ul>
 */
public final class EnhancerNetwork {

    private static final int HEAD_CHANNELS = ContractV1.RGB_CHANNELS * ContractV1.UPSCALE * ContractV1.UPSCALE;

    private EnhancerNetwork() {
    }

    /**
     * A random-weight network (seeded), for tests and benchmarks: {@link RandomWeights} with the head
     * scaled by 0.1 and its bias shifted to 0.5, so that on inputs in [0, 1] the output varies
     * around 0.5 mostly inside [0, 1], as a trained network's does (not saturated by clipping).
     */
    public static ModelProto random(UNetConfig config, long seed, ExportOptions options) {
        return build(config, randomWeights(seed), options);
    }

    /** The weights {@link #random} uses. */
    public static WeightSource randomWeights(long seed) {
        return new RandomWeights(seed).adjusted("head.weight", 0.1, 0).adjusted("head.bias", 1, 0.5);
    }

    public static ModelProto build(UNetConfig config, WeightSource weights, ExportOptions options) {
        OnnxGraphBuilder g = new OnnxGraphBuilder("nightshift_enhancer", options.precision());
        ConvLayers layers = new ConvLayers(g, weights, config, options.foldBatchNorm());
        List<Integer> widths = config.widths();

        int inputChannels = config.inputChannels();
        String packedInput = g.input(ContractV1.ENHANCER_INPUT,
                Dim.named("N"), Dim.fixed(inputChannels), Dim.named("h"), Dim.named("w"));
        String x = packedInput;
        int channels = inputChannels;
        List<String> skips = new ArrayList<>();
        for (int i = 0; i < widths.size(); i++) {
            if (i > 0) {
                x = g.maxPool(x, 2, 2);
            }
            x = layers.block("enc" + i, x, channels, widths.get(i));
            channels = widths.get(i);
            skips.add(x);
        }
        for (int i = widths.size() - 2; i >= 0; i--) {
            int w = widths.get(i);
            String up = layers.plainConv("up" + i, x, channels, 4 * w, 1);
            up = g.depthToSpace(up, 2);
            x = g.concat(1, up, skips.get(i));
            x = layers.block("dec" + i, x, 2 * w, w);
            channels = w;
        }
        String head = layers.plainConv("head", x, channels, HEAD_CHANNELS, 1);
        if (config.bilinearBase()) {
            // normalized convolution: the taps inside the frame, re-weighted to sum to 1 at its edges
            String w = g.initializer("input_residual.weight", widened(bilinearResidualKernel(), inputChannels, 9),
                    HEAD_CHANNELS, inputChannels, 3, 3);
            String ones = g.add(g.mul(packedInput, g.initializer("input_residual.zero", new float[] {0f})),
                    g.initializer("input_residual.one", new float[] {1f}));
            head = g.add(head, g.div(g.conv(packedInput, w, null, 3, 1), g.conv(ones, w, null, 3, 1)));
        } else if (config.inputResidual()) {
            String w = g.initializer("input_residual.weight", widened(inputResidualKernel(), inputChannels, 1),
                    HEAD_CHANNELS, inputChannels, 1, 1);
            head = g.add(head, g.conv(packedInput, w, null, 1, 0));
        }
        String rgb = g.depthToSpace(head, ContractV1.UPSCALE);
        g.output(rgb, ContractV1.ENHANCER_OUTPUT,
                Dim.named("N"), Dim.fixed(ContractV1.RGB_CHANNELS), Dim.named("2h"), Dim.named("2w"));

        NetworkMetadata.write(g, config.contract().key(), config.architecture(), options);
        return g.build();
    }

    /**
     * A residual kernel {@code [12, 4, k]} ({@code taps} = k values per pair) widened to {@code [12, channels, k]} with
     * zeros for the channels after the four packed ones: the base reads the packed channels only, never the noise
     * planes of contract v2 (the bilinear base's normalising convolution of ones is then unchanged too).
     */
    public static float[] widened(float[] kernel, int channels, int taps) {
        int in = ContractV1.PACKED_CHANNELS;
        if (channels == in) {
            return kernel;
        }
        float[] out = new float[HEAD_CHANNELS * channels * taps];
        for (int o = 0; o < HEAD_CHANNELS; o++) {
            System.arraycopy(kernel, o * in * taps, out, o * channels * taps, in * taps);
        }
        return out;
    }

    /**
     * The fixed 3×3 convolution {@code [12, 4, 3, 3]} (row-major, a fresh copy) from the packed input to the head's
     * channels (DepthToSpace CRD order, as {@link #inputResidualKernel()}) that is the bilinear demosaic of the mosaic
     * the packing came from (R, G1, B, G2 at (0, 0), (0, 1), (1, 1), (1, 0) of each block): a colour the sub-pixel has
     * is taken as it is; a missing green is the mean of its four neighbours across; a missing red or blue the mean of
     * the two neighbours across that have it, else of the four diagonal ones. At the frame's edges the graph divides
     * by the same convolution of ones (only the taps inside the frame count).
     */
    public static float[] bilinearResidualKernel() {
        int in = ContractV1.PACKED_CHANNELS;
        float[] k = new float[HEAD_CHANNELS * in * 9];
        for (int colour = 0; colour < 3; colour++) {
            for (int dy = 0; dy < 2; dy++) {
                for (int dx = 0; dx < 2; dx++) {
                    int out = colour * 4 + 2 * dy + dx;
                    List<int[]> taps = taps(colour, dy, dx);
                    for (int[] t : taps) {
                        int ch = packedChannel(Math.floorMod(t[0], 2), Math.floorMod(t[1], 2));
                        int oy = Math.floorDiv(t[0], 2) + 1;
                        int ox = Math.floorDiv(t[1], 2) + 1;
                        k[((out * in + ch) * 3 + oy) * 3 + ox] += 1f / taps.size();
                    }
                }
            }
        }
        return k;
    }

    /** Mosaic positions (relative to the block's origin) whose mean is {@code colour} at sub-pixel (dy, dx). */
    private static List<int[]> taps(int colour, int dy, int dx) {
        if (colourAt(dy, dx) == colour) {
            return List.of(new int[] {dy, dx});
        }
        List<int[]> cross = new ArrayList<>();
        for (int[] d : new int[][] {{-1, 0}, {1, 0}, {0, -1}, {0, 1}}) {
            if (colourAt(dy + d[0], dx + d[1]) == colour) {
                cross.add(new int[] {dy + d[0], dx + d[1]});
            }
        }
        if (!cross.isEmpty()) {
            return cross;
        }
        List<int[]> diagonal = new ArrayList<>();
        for (int[] d : new int[][] {{-1, -1}, {-1, 1}, {1, -1}, {1, 1}}) {
            if (colourAt(dy + d[0], dx + d[1]) == colour) {
                diagonal.add(new int[] {dy + d[0], dx + d[1]});
            }
        }
        return diagonal;
    }

    /** The packed channel at mosaic position (y, x) of a block (each 0 or 1). */
    private static int packedChannel(int y, int x) {
        return y == 0 ? (x == 0 ? ContractV1.CHANNEL_R : ContractV1.CHANNEL_G1)
                : (x == 0 ? ContractV1.CHANNEL_G2 : ContractV1.CHANNEL_B);
    }

    /** The colour (0 R, 1 G, 2 B) at any mosaic position relative to a block's origin. */
    private static int colourAt(int y, int x) {
        int ch = packedChannel(Math.floorMod(y, 2), Math.floorMod(x, 2));
        return ch == ContractV1.CHANNEL_R ? 0 : ch == ContractV1.CHANNEL_B ? 2 : 1;
    }

    /**
     * The fixed 1×1 convolution {@code [12, 4]} (row-major, a fresh copy) from the packed input (R, G1, B, G2)
     * to the head's channels in DepthToSpace CRD order (channel {@code 4c + 2dy + dx} becomes colour {@code c}
     * at offset {@code (dy, dx)}): each sub-pixel of R takes R, of G the mean of G1 and G2, of B takes B —
     * nearest-neighbour upsampling of the packed colour, the simplest demosaic.
     */
    public static float[] inputResidualKernel() {
        int in = ContractV1.PACKED_CHANNELS;
        int subPixels = ContractV1.UPSCALE * ContractV1.UPSCALE;
        float[] k = new float[HEAD_CHANNELS * in];
        for (int s = 0; s < subPixels; s++) {
            k[s * in] = 1f; // R
            k[(subPixels + s) * in + 1] = 0.5f; // G1
            k[(subPixels + s) * in + 3] = 0.5f; // G2
            k[(2 * subPixels + s) * in + 2] = 1f; // B
        }
        return k;
    }
}
