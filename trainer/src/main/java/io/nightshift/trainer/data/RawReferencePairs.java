package io.nightshift.trainer.data;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.WhiteBalance;
import io.nightshift.contract.post.ColorMatrix;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.pack.PackedFrame;
import io.nightshift.raw.render.ReferenceRenderer;
import io.nightshift.trainer.noise.SensorCalibration;
import java.nio.file.Path;
import java.util.random.RandomGenerator;

/**
 * Synthetic pairs from clean, well-exposed RAW files (e.g. {@code ../shared/raw-samples}, any user
 * folder): the packed frame is the clean reference; a random patch is darkened by a sampled ratio with
 * physical noise at the simulated camera's DN scale ({@link DarkExposure}); the target is LibRaw's linear
 * white-balanced rendering of the same file over the same patch. Frames and renderings are cached within a
 * byte budget. One instance per loader thread.
 */
public final class RawReferencePairs implements AutoCloseable {

    private final int patch;
    private final RatioSampler ratios;
    private final SensorCalibration calibration;
    private final double rangeDn;
    private final RawDecoder decoder = new RawDecoder();
    private final ReferenceRenderer renderer = new ReferenceRenderer();
    private final BoundedCache<Path, PackedFrame> frames;
    private final BoundedCache<Path, PlanarImage> targets;

    /**
     * @param patch      packed patch side
     * @param rangeDn    white − black in DN of the simulated camera (the noise model's scale)
     * @param cacheBytes budget of each of the two caches
     */
    public RawReferencePairs(int patch, RatioSampler ratios, SensorCalibration calibration, double rangeDn,
            long cacheBytes) {
        if (patch < 1 || !(rangeDn > 0)) {
            throw new IllegalArgumentException("need a positive patch and DN range");
        }
        this.patch = patch;
        this.ratios = ratios;
        this.calibration = calibration;
        this.rangeDn = rangeDn;
        this.frames = new BoundedCache<>(cacheBytes, f -> 4L * f.packed().data().length);
        this.targets = new BoundedCache<>(cacheBytes, t -> 4L * t.data().length);
    }

    /** Sony A7S2-like noise and levels, SID's ratio weighting. */
    public static RawReferencePairs sid(int patch, long cacheBytes) {
        return new RawReferencePairs(patch, RatioSampler.SID, SensorCalibration.SONY_A7S2, 16383 - 512, cacheBytes);
    }

    /**
     * Whether {@code rawFile} packs large enough for {@link #augmentedSample}'s patch (one packed pixel more than the
     * patch a side); decodes it into the cache.
     */
    public boolean holdsPatch(Path rawFile) {
        PackedFrame frame = frames.get(rawFile, p -> decoder.decodePacked(FrontEnd.read(p)));
        return frame.packed().height() > patch && frame.packed().width() > patch;
    }

    /** A random patch of {@code rawFile} as an enhancer example. */
    public EnhancerSample sample(Path rawFile, RandomGenerator random) {
        PackedFrame frame = frames.get(rawFile, p -> decoder.decodePacked(FrontEnd.read(p)));
        PlanarImage target = targets.get(rawFile, p -> FrontEnd.linearTarget(renderer, FrontEnd.read(p)));
        int h = frame.packed().height();
        int w = frame.packed().width();
        if (h < patch || w < patch) {
            throw new IllegalArgumentException(rawFile + " packs to " + h + "×" + w + ", smaller than the patch " + patch);
        }
        int y0 = random.nextInt(h - patch + 1);
        int x0 = random.nextInt(w - patch + 1);
        PlanarImage clean = crop(FrontEnd.packed(frame.packed()), y0, x0, patch);
        WhiteBalance wb = FrontEnd.whiteBalance(frame.metadata().whiteBalance());
        double ratio = ratios.sample(random);
        PlanarImage dark = DarkExposure.of(clean, rangeDn, ratio, calibration.sample(random), random);
        return EnhancerSample.of(dark, wb, ratio, crop(target, 2 * y0, 2 * x0, 2 * patch), colourMatrix(frame));
    }

    /**
     * Like {@link #sample} with a random flip or transpose ({@link Dihedral#packedPair}, Bayer phase kept): a patch
     * one packed pixel larger is cut, transformed with its target and cropped back to the patch size.
     */
    public EnhancerSample augmentedSample(Path rawFile, RandomGenerator random) {
        PackedFrame frame = frames.get(rawFile, p -> decoder.decodePacked(FrontEnd.read(p)));
        PlanarImage target = targets.get(rawFile, p -> FrontEnd.linearTarget(renderer, FrontEnd.read(p)));
        int h = frame.packed().height();
        int w = frame.packed().width();
        int side = patch + 1;
        if (h < side || w < side) {
            throw new IllegalArgumentException(rawFile + " packs to " + h + "×" + w + ", smaller than the patch " + side);
        }
        int y0 = random.nextInt(h - side + 1);
        int x0 = random.nextInt(w - side + 1);
        Dihedral.Pair pair = Dihedral.packedPair(crop(FrontEnd.packed(frame.packed()), y0, x0, side),
                crop(target, 2 * y0, 2 * x0, 2 * side), random.nextInt(Dihedral.COUNT));
        WhiteBalance wb = FrontEnd.whiteBalance(frame.metadata().whiteBalance());
        double ratio = ratios.sample(random);
        PlanarImage dark = DarkExposure.of(pair.packed(), rangeDn, ratio, calibration.sample(random), random);
        return EnhancerSample.of(dark, wb, ratio, pair.target(), colourMatrix(frame));
    }

    /**
     * The whole frame of {@code rawFile} darkened by a ratio drawn from {@code labels} (the ratio CNN's own draws,
     * which may differ from this pipeline's enhancer examples'), as a ratio-CNN example.
     */
    public RatioSample ratioSample(Path rawFile, RatioSampler labels, RandomGenerator random) {
        PackedFrame frame = frames.get(rawFile, p -> decoder.decodePacked(FrontEnd.read(p)));
        WhiteBalance wb = FrontEnd.whiteBalance(frame.metadata().whiteBalance());
        double ratio = labels.sample(random);
        PlanarImage dark = DarkExposure.of(FrontEnd.packed(frame.packed()), rangeDn, ratio, calibration.sample(random),
                random);
        return new RatioSample(io.nightshift.contract.image.Thumbnail.of(dark, wb), Math.log(ratio) / Math.log(2));
    }

    /**
     * The whole frame of {@code rawFile} as the scene of a frame of {@code servicePixels} sensor pixels (at least its
     * own), darkened by a ratio drawn from {@code labels}: a ratio example whose thumb is a worker's ({@link ServiceThumb}).
     */
    public RatioSample serviceRatioSample(Path rawFile, RatioSampler labels, double servicePixels,
                                          RandomGenerator random) {
        PackedFrame frame = frames.get(rawFile, p -> decoder.decodePacked(FrontEnd.read(p)));
        WhiteBalance wb = FrontEnd.whiteBalance(frame.metadata().whiteBalance());
        double ratio = labels.sample(random);
        PlanarImage clean = FrontEnd.packed(frame.packed());
        double pixels = Math.max(servicePixels, 4.0 * clean.height() * clean.width());
        return new RatioSample(ServiceThumb.of(clean, wb, rangeDn, ratio, calibration.sample(random), pixels, random),
                Math.log(ratio) / Math.log(2));
    }

    /** The file's own camera → sRGB matrix (LibRaw's), as post-processing would apply it to the output. */
    private static ColorMatrix colourMatrix(PackedFrame frame) {
        return ColorMatrix.of(frame.metadata().cameraToSrgb().rowMajor());
    }

    static PlanarImage crop(PlanarImage image, int y0, int x0, int side) {
        PlanarImage out = PlanarImage.zeros(image.channels(), side, side);
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < side; y++) {
                System.arraycopy(image.data(), image.index(c, y0 + y, x0), out.data(), out.index(c, y, 0), side);
            }
        }
        return out;
    }

    @Override
    public void close() {
        decoder.close();
        renderer.close();
    }
}
