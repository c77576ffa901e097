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
 * Measures one held-out item: the network (through the worker's {@link FrameEnhancer}: packing, ratio decision,
 * tiled ONNX Runtime inference, the contract's post-processing) with the true ratio and with its own estimate, and
 * the classical pipeline (LibRaw's sRGB rendering with the true ratio as gain), all against the target taken
 * through the same post-processing, in sRGB over the packing crop; and the ratio CNN's and the heuristic's errors.
 */
public final class Evaluation implements AutoCloseable {

    /** The figures of one item; ratio errors in stops (|log2 predicted − log2 true|). */
    public record ItemResult(HeldOutSet.Entry entry, double psnrNet, double psnrClassical, double ssimNet,
            double ssimClassical, double psnrEstimated, double ratioEstimated, double ratioError,
            double heuristicError) {
    }

    private final FrameEnhancer enhancer;
    private final RawDecoder decoder = new RawDecoder();
    private final ReferenceRenderer renderer = new ReferenceRenderer();

    public Evaluation(FrameEnhancer enhancer) {
        this.enhancer = enhancer;
    }

    public ItemResult measure(Path dir, HeldOutSet.Entry entry) throws IOException {
        byte[] file = Files.readAllBytes(dir.resolve(entry.dng()));
        DecodedRaw raw = decoder.decode(file);
        if (raw.orientation() != 0) {
            throw new IOException(entry.dng() + " is rotated (flip " + raw.orientation() + "); held-out DNGs are not");
        }
        PackedRaw packed = SidPacker.pack(raw);
        PackCrop crop = packed.crop();
        ColorMatrix matrix = ColorMatrix.of(raw.cameraToSrgb().rowMajor());

        PlanarImage targetLinear = PhotoReader.read(dir.resolve(entry.target()));
        if (targetLinear.width() != crop.width() || targetLinear.height() != crop.height()) {
            throw new IOException(entry.target() + " is " + targetLinear.width() + "×" + targetLinear.height()
                    + ", the packing crop " + crop.width() + "×" + crop.height());
        }
        PlanarImage target = PostProcessor.colourOnly(matrix, crop.width(), crop.height()).apply(targetLinear);

        EnhancedFrame given = enhancer.enhance(raw, OptionalDouble.of(entry.ratio()));
        PlanarImage net = window(given.srgb(), crop);
        EnhancedFrame estimated = enhancer.enhance(raw, OptionalDouble.empty());
        PlanarImage netEstimated = window(estimated.srgb(), crop);
        PlanarImage classical = planar(renderer.render(file, RenderOptions.srgb().withGain(entry.ratio())));

        PlanarImage thumb = Thumbnail.of(FrameInputs.planar(packed), FrameInputs.whiteBalance(raw));
        double log2True = log2(entry.ratio());
        return new ItemResult(entry, ImageQuality.psnr(net, target), ImageQuality.psnr(classical, target),
                ImageQuality.ssim(net, target), ImageQuality.ssim(classical, target),
                ImageQuality.psnr(netEstimated, target), estimated.ratio().ratio(),
                Math.abs(log2(estimated.ratio().ratio()) - log2True),
                Math.abs(RatioHeuristic.log2Ratio(thumb) - log2True));
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
