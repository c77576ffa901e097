package io.nightshift.trainer.eval;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.Thumbnail;
import io.nightshift.contract.post.ColorMatrix;
import io.nightshift.contract.post.PostProcessor;
import io.nightshift.inference.pipeline.EnhancedFrame;
import io.nightshift.inference.pipeline.FrameEnhancer;
import io.nightshift.inference.pipeline.FrameInputs;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.pack.PackCrop;
import io.nightshift.raw.pack.PackedRaw;
import io.nightshift.raw.pack.SidPacker;
import io.nightshift.raw.render.ReferenceRenderer;
import io.nightshift.raw.render.RenderOptions;
import io.nightshift.raw.render.RenderedImage;
import io.nightshift.trainer.data.HeldOutSet;
import io.nightshift.trainer.data.PhotoReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * Measures one held-out item: the network (through the worker's {@link FrameEnhancer}: packing, ratio decision on
 * the thumb of the whole frame, tiled ONNX Runtime inference with the given tiling, the contract's
 * post-processing) with the true ratio and with its own estimate (plain PSNR, and PSNR after the best single
 * exposure gain, {@link ExposureCompensation}, which takes the brightness error out), and two classical baselines
 * (LibRaw's sRGB rendering with the true ratio as gain; the same with LibRaw's wavelet denoising at
 * {@code denoise}), all against the target taken through the same post-processing, in sRGB over the packing crop;
 * and the ratio CNN's and the heuristic's errors.
 */
public final class Evaluation implements AutoCloseable {

    /**
     * The figures of one item; ratio errors in stops (|log2 predicted − log2 true|); {@code ratioOracle} and
     * {@code psnrOracle} (the network at the {@link OracleRatio}'s ratio) NaN where no oracle was run.
     */
    public record ItemResult(HeldOutSet.Entry entry, double psnrNet, double psnrClassical, double psnrDenoised,
            double ssimNet, double ssimClassical, double psnrEstimated, double psnrCompensated, double ratioEstimated,
            double ratioError, double heuristicError, double ratioOracle, double psnrOracle) {

        /** The scene the item shows (its source photograph), the unit the bootstrap resamples. */
        public String scene() {
            return entry.source();
        }

        /** What the estimated ratio costs against the true one, dB. */
        public double estimatedRatioLoss() {
            return psnrNet - psnrEstimated;
        }

        /** Whether the oracle's ratio was measured on this item. */
        public boolean hasOracle() {
            return !Double.isNaN(psnrOracle);
        }

        /** What the oracle's ratio costs against the true one, dB: the reference for {@link #estimatedRatioLoss()}. */
        public double oracleRatioLoss() {
            return psnrNet - psnrOracle;
        }

        /** The oracle's ratio error, stops. */
        public double oracleRatioError() {
            return Math.abs(log2(ratioOracle) - log2(entry.ratio()));
        }
    }

    /**
     * LibRaw's wavelet denoising threshold of the denoised classical baseline, chosen on the validation split at
     * ratios 100–300: {@code EvaluateCli --split validation --tune-denoise 0,50,100,200,400,800,1600,3200}
     * (trainer/README.md has the figures).
     */
    public static final double DENOISE_THRESHOLD = 800;

    private final FrameEnhancer enhancer;
    private final double denoise;
    private final RawDecoder decoder = new RawDecoder();
    private final ReferenceRenderer renderer = new ReferenceRenderer();

    public Evaluation(FrameEnhancer enhancer) {
        this(enhancer, DENOISE_THRESHOLD);
    }

    /** @param denoise the denoised baseline's LibRaw wavelet threshold */
    public Evaluation(FrameEnhancer enhancer, double denoise) {
        this.enhancer = enhancer;
        this.denoise = denoise;
    }

    /** An item of a set on disk (its DNG and target PNG in {@code dir}). */
    public ItemResult measure(Path dir, HeldOutSet.Entry entry) throws IOException {
        return measure(Files.readAllBytes(dir.resolve(entry.dng())), PhotoReader.read(dir.resolve(entry.target())),
                entry);
    }

    /** The classical baseline's PSNR with LibRaw's wavelet denoising at {@code threshold} (0: none). */
    public double classicalPsnr(Path dir, HeldOutSet.Entry entry, double threshold) throws IOException {
        byte[] file = Files.readAllBytes(dir.resolve(entry.dng()));
        DecodedRaw raw = decoder.decode(file);
        PackCrop crop = SidPacker.pack(raw).crop();
        PlanarImage target = PostProcessor.colourOnly(ColorMatrix.of(raw.cameraToSrgb().rowMajor()), crop.width(),
                crop.height()).apply(PhotoReader.read(dir.resolve(entry.target())));
        return ImageQuality.psnr(classical(file, entry.ratio(), threshold), target);
    }

    /**
     * LibRaw's sRGB rendering at gain {@code ratio}, denoised at {@code threshold} when positive. A denoised render
     * takes a fresh {@link ReferenceRenderer}: after one wavelet-denoised render, LibRaw's processor reports the
     * next BGGR/GRBG/GBRG DNG's visible size one row or column short (the crop comes out 510 for 512), which a new
     * processor does not.
     */
    private PlanarImage classical(byte[] file, double ratio, double threshold) {
        RenderOptions options = RenderOptions.srgb().withGain(ratio);
        if (threshold <= 0) {
            return planar(renderer.render(file, options));
        }
        try (ReferenceRenderer fresh = new ReferenceRenderer()) {
            return planar(fresh.render(file, options.withDenoise(threshold)));
        }
    }

    /**
     * An item given as DNG bytes and its linear target over the packing crop (a whole frame made in memory, or a
     * set's item read from disk).
     */
    public ItemResult measure(byte[] file, PlanarImage targetLinear, HeldOutSet.Entry entry) throws IOException {
        return measure(file, targetLinear, entry, null);
    }

    /**
     * The same, and with {@code oracle} (when not null) the network also at the oracle's ratio for the frame's clean
     * thumb: the PSNR a ratio read from the thumb without its noise gives.
     */
    public ItemResult measure(byte[] file, PlanarImage targetLinear, HeldOutSet.Entry entry, OracleRatio oracle)
            throws IOException {
        DecodedRaw raw = decoder.decode(file);
        if (raw.orientation() != 0) {
            throw new IOException(entry.dng() + " is rotated (flip " + raw.orientation() + "); held-out DNGs are not");
        }
        PackedRaw packed = SidPacker.pack(raw);
        PackCrop crop = packed.crop();
        ColorMatrix matrix = ColorMatrix.of(raw.cameraToSrgb().rowMajor());

        if (targetLinear.width() != crop.width() || targetLinear.height() != crop.height()) {
            throw new IOException(entry.target() + " is " + targetLinear.width() + "×" + targetLinear.height()
                    + ", the packing crop " + crop.width() + "×" + crop.height());
        }
        PlanarImage target = PostProcessor.colourOnly(matrix, crop.width(), crop.height()).apply(targetLinear);

        EnhancedFrame given = enhancer.enhance(raw, OptionalDouble.of(entry.ratio()));
        PlanarImage net = window(given.srgb(), crop);
        EnhancedFrame estimated = enhancer.enhance(raw, OptionalDouble.empty());
        PlanarImage netEstimated = window(estimated.srgb(), crop);
        PlanarImage classical = classical(file, entry.ratio(), 0);
        PlanarImage denoised = classical(file, entry.ratio(), denoise);
        double ratioOracle = Double.NaN;
        double psnrOracle = Double.NaN;
        if (oracle != null) {
            ratioOracle = oracle.ratio(targetLinear, entry.ratio());
            psnrOracle = ImageQuality.psnr(window(enhancer.enhance(raw, OptionalDouble.of(ratioOracle)).srgb(), crop),
                    target);
        }

        PlanarImage thumb = Thumbnail.of(FrameInputs.planar(packed), FrameInputs.whiteBalance(raw));
        double log2True = log2(entry.ratio());
        return new ItemResult(entry, ImageQuality.psnr(net, target), ImageQuality.psnr(classical, target),
                ImageQuality.psnr(denoised, target), ImageQuality.ssim(net, target), ImageQuality.ssim(classical, target),
                ImageQuality.psnr(netEstimated, target), ExposureCompensation.psnr(netEstimated, target).psnr(),
                estimated.ratio().ratio(),
                Math.abs(log2(estimated.ratio().ratio()) - log2True),
                Math.abs(RatioHeuristic.log2Ratio(thumb) - log2True), ratioOracle, psnrOracle);
    }

    /** The packing crop's window of the visible frame (held-out DNGs are not rotated). */
    static PlanarImage window(PlanarImage visible, PackCrop crop) {
        PlanarImage out = PlanarImage.zeros(3, crop.height(), crop.width());
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < crop.height(); y++) {
                System.arraycopy(visible.data(), visible.index(c, crop.y() + y, crop.x()), out.data(),
                        out.index(c, y, 0), crop.width());
            }
        }
        return out;
    }

    static PlanarImage planar(RenderedImage image) {
        int h = image.height();
        int w = image.width();
        PlanarImage out = PlanarImage.zeros(3, h, w);
        short[] rgb = image.rgb();
        int plane = h * w;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                out.data()[c * plane + i] = (rgb[3 * i + c] & 0xFFFF) / 65535f;
            }
        }
        return out;
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    @Override
    public void close() {
        decoder.close();
        renderer.close();
    }
}
