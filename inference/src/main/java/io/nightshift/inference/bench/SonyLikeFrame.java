package io.nightshift.inference.bench;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.EnhancerInput;
import io.nightshift.contract.post.PostProcessor;
import io.nightshift.inference.pipeline.FrameInputs;
import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.dng.DngFrame;
import io.nightshift.raw.dng.DngWriter;
import io.nightshift.raw.pack.PackedRaw;
import io.nightshift.raw.pack.SidPacker;
import java.util.SplittableRandom;

/**
 * A synthetic 12 MP Sony-like night shot through the real front end: a dark scene mosaicked RGGB,
 * 14-bit, black 512, white 16383, 4256 × 2848, written by the RAW front end's {@link DngWriter},
 * decoded by LibRaw ({@link RawDecoder}), SID-packed ({@link SidPacker}) and turned into the enhancer
 * input of contract v1 (× white balance × ratio, clamped).
 */
public final class SonyLikeFrame {

    public static final int WIDTH = 4256;
    public static final int HEIGHT = 2848;

    private SonyLikeFrame() {
    }

    /**
     * The DNG bytes of the synthetic shot (about 1 % of full scale, shot and read noise); the benchmarks'
     * input here and in the worker's {@code bench worker}.
     */
    public static byte[] dng(long seed) {
        DngFrame frame = DngFrame.sonyLike(WIDTH, HEIGHT);
        short[] samples = new short[WIDTH * HEIGHT];
        SplittableRandom random = new SplittableRandom(seed);
        int black = 512;
        double range = 16383 - black;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                double u = x / (double) WIDTH;
                double v = y / (double) HEIGHT;
                double scene = 0.35 + 0.25 * Math.sin(18 * u + 3 * v) * Math.cos(11 * v)
                        + (Math.hypot(u - 0.6, v - 0.4) < 0.15 ? 0.35 : 0)
                        + ((x / 64 + y / 64) % 2 == 0 ? 0.05 : 0);
                int colour = (y & 1) * 2 + (x & 1); // RGGB: 0 R, 1 G, 2 G, 3 B
                double gain = colour == 0 ? 0.5 : colour == 3 ? 0.62 : 1.0;
                double signal = 0.01 * range * scene * gain;
                double noisy = signal + Math.sqrt(Math.max(signal, 0)) * random.nextGaussian() * 0.8
                        + 3 * random.nextGaussian();
                samples[y * WIDTH + x] = (short) Math.max(0, Math.min(16383, Math.round(black + noisy)));
            }
        }
        return DngWriter.write(frame, new BayerPlane(WIDTH, HEIGHT, samples));
    }

    /** What the benchmark runs: the enhancer input and the post-processing of this frame. */
    record Prepared(PlanarImage input, PostProcessor post) {
    }

    /** The enhancer input of the frame of {@code seed} at {@code ratio}: packed × white balance × ratio. */
    public static PlanarImage enhancerInput(long seed, float ratio) {
        return prepare(dng(seed), ratio).input();
    }

    static Prepared prepare(byte[] dng, float ratio) {
        DecodedRaw raw;
        try (RawDecoder decoder = new RawDecoder()) {
            raw = decoder.decode(dng);
        }
        PackedRaw packed = SidPacker.pack(raw);
        PlanarImage planar = FrameInputs.planar(packed);
        EnhancerInput.into(planar, FrameInputs.whiteBalance(raw), ratio, planar);
        return new Prepared(planar, FrameInputs.postProcessor(raw, packed));
    }
}
