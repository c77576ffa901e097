package io.nightshift.trainer.data;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.Thumbnail;
import io.nightshift.contract.image.WhiteBalance;
import io.nightshift.contract.post.ColorMatrix;
import io.nightshift.trainer.noise.SensorCalibration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Synthetic training examples from clean sRGB photographs: unprocess (Brooks) with a random white
 * balance and colour matrix, darken by a sampled ratio with physical noise ({@link DarkExposure}), and
 * form the contract's input; or, for the ratio CNN, the thumb of a whole dark frame and its log2 ratio.
 *
 * @param patch       packed patch side (the network sees {@code patch × patch × 4}, the target is twice that)
 * @param ratios      how ratios are drawn
 * @param calibration how noise parameters are drawn
 * @param rangeDn     white − black level in DN of the simulated camera
 * @param matrices    camera→sRGB matrices to pick from
 * @param saturationJitter ratio examples only: their photograph's colour saturation is scaled by a factor drawn
 *                    uniformly from {@code [1 − j, 1 + j]} before unprocessing (0: none), so that the ratio CNN
 *                    cannot tie exposure to the colours of a few training scenes
 * @param cleanThumbs ratio examples only: the thumb of the dark frame without noise (the darkened clean scene), for
 *                    the oracle that reports the floor a thumb's content leaves ({@code --ratio-oracle}); never
 *                    for a served model
 */
public record PhotoPairGenerator(int patch, RatioSampler ratios, SensorCalibration calibration, double rangeDn,
        List<ColorMatrix> matrices, double saturationJitter, boolean cleanThumbs) {

    /**
     * Camera→sRGB matrices of the usual shape (rows summing to 1, saturating), from mild to strong. They
     * are illustrative, not measured on particular cameras: unprocessing only needs plausible ones.
     */
    public static final List<ColorMatrix> TYPICAL_MATRICES = List.of(
            ColorMatrix.of(1.45, -0.35, -0.10, -0.15, 1.35, -0.20, 0.00, -0.40, 1.40),
            ColorMatrix.of(1.70, -0.55, -0.15, -0.25, 1.60, -0.35, 0.05, -0.60, 1.55),
            ColorMatrix.of(1.95, -0.80, -0.15, -0.20, 1.55, -0.35, 0.00, -0.45, 1.45));

    /** Sony A7S2-like: 16383 − 512 DN, ELD calibration, SID's ratio weighting. */
    public static PhotoPairGenerator sid(int patch) {
        return new PhotoPairGenerator(patch, RatioSampler.SID, SensorCalibration.SONY_A7S2, 16383 - 512,
                TYPICAL_MATRICES, 0, false);
    }

    public PhotoPairGenerator {
        matrices = List.copyOf(matrices);
        if (patch < 1 || matrices.isEmpty() || !(rangeDn > 0) || !(saturationJitter >= 0 && saturationJitter <= 1)) {
            throw new IllegalArgumentException("need a positive patch, a DN range, at least one matrix and a "
                    + "saturation jitter in [0, 1]");
        }
    }

    /** The same pipeline with ratios drawn by {@code sampler}. */
    public PhotoPairGenerator withRatios(RatioSampler sampler) {
        return new PhotoPairGenerator(patch, sampler, calibration, rangeDn, matrices, saturationJitter, cleanThumbs);
    }

    /** The same pipeline with ratio examples' saturation jittered by up to {@code ±jitter}. */
    public PhotoPairGenerator withSaturationJitter(double jitter) {
        return new PhotoPairGenerator(patch, ratios, calibration, rangeDn, matrices, jitter, cleanThumbs);
    }

    /** The same pipeline with ratio examples' thumbs made without noise: the oracle's training data. */
    public PhotoPairGenerator withCleanThumbs() {
        return new PhotoPairGenerator(patch, ratios, calibration, rangeDn, matrices, saturationJitter, true);
    }

    /** A random {@code 2·patch} square crop of {@code photo} (even-aligned) as an enhancer example. */
    public EnhancerSample enhancerSample(PlanarImage photo, RandomGenerator random) {
        int side = 2 * patch;
        if (photo.height() < side || photo.width() < side) {
            throw new IllegalArgumentException("photo " + photo.height() + "×" + photo.width() + " is smaller than a "
                    + side + "×" + side + " patch");
        }
        int y0 = 2 * random.nextInt((photo.height() - side) / 2 + 1);
        int x0 = 2 * random.nextInt((photo.width() - side) / 2 + 1);
        PlanarImage crop = PlanarImage.zeros(3, side, side);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < side; y++) {
                System.arraycopy(photo.data(), photo.index(c, y0 + y, x0), crop.data(), crop.index(c, y, 0), side);
            }
        }
        WhiteBalance wb = whiteBalance(random);
        ColorMatrix matrix = matrix(random);
        Unprocessor.Pair clean = new Unprocessor(matrix, wb).unprocess(crop);
        double ratio = ratios.sample(random);
        PlanarImage dark = DarkExposure.of(clean.packed(), rangeDn, ratio, calibration.sample(random), random);
        return EnhancerSample.of(dark, wb, ratio, clean.target(), matrix);
    }

    /** A whole photograph (even sides; odd edges are dropped) darkened as one frame, as a ratio example. */
    public RatioSample ratioSample(PlanarImage photo, RandomGenerator random) {
        RatioScene scene = ratioScene(photo, random);
        PlanarImage dark = cleanThumbs ? darkened(scene.clean(), scene.ratio())
                : DarkExposure.of(scene.clean(), rangeDn, scene.ratio(), calibration.sample(random), random);
        return new RatioSample(Thumbnail.of(dark, scene.wb()), Math.log(scene.ratio()) / Math.log(2));
    }

    /**
     * {@code photo} as the scene of a whole frame of {@code servicePixels} sensor pixels, darkened by a drawn ratio,
     * as a ratio example whose thumb is the one a worker would compute from that frame ({@link ServiceThumb}).
     */
    public RatioSample serviceRatioSample(PlanarImage photo, double servicePixels, RandomGenerator random) {
        RatioScene scene = ratioScene(photo, random);
        double pixels = Math.max(servicePixels, 4.0 * scene.clean().height() * scene.clean().width());
        PlanarImage thumb = ServiceThumb.of(scene.clean(), scene.wb(), rangeDn, scene.ratio(),
                calibration.sample(random), pixels, random);
        return new RatioSample(thumb, Math.log(scene.ratio()) / Math.log(2));
    }

    /** {@code clean} (packed, in [0, 1]) divided by {@code ratio}, without noise or quantization; a new image. */
    public static PlanarImage darkened(PlanarImage clean, double ratio) {
        PlanarImage out = PlanarImage.zeros(clean.channels(), clean.height(), clean.width());
        float[] in = clean.data();
        float[] o = out.data();
        for (int i = 0; i < in.length; i++) {
            o[i] = (float) (Math.max(in[i], 0) / ratio);
        }
        return out;
    }

    /** A ratio example's clean packed scene, its white balance and its drawn ratio. */
    private record RatioScene(PlanarImage clean, WhiteBalance wb, double ratio) {
    }

    /** {@code photo} (even sides, saturation jittered) unprocessed with a drawn white balance and matrix; a ratio. */
    private RatioScene ratioScene(PlanarImage photo, RandomGenerator random) {
        PlanarImage even = photo.height() % 2 == 0 && photo.width() % 2 == 0 ? photo : evenCrop(photo);
        if (saturationJitter > 0) {
            even = saturated(even, 1 + saturationJitter * (2 * random.nextDouble() - 1));
        }
        WhiteBalance wb = whiteBalance(random);
        Unprocessor.Pair clean = new Unprocessor(matrix(random), wb).unprocess(even);
        return new RatioScene(clean.packed(), wb, ratios.sample(random));
    }

    /**
     * {@code srgb} with its saturation scaled by {@code factor} (0: grey) about each pixel's Rec. 709 luma, on the
     * encoded values, clamped to [0, 1]; a new image.
     */
    static PlanarImage saturated(PlanarImage srgb, double factor) {
        PlanarImage out = PlanarImage.zeros(3, srgb.height(), srgb.width());
        int plane = srgb.height() * srgb.width();
        float[] in = srgb.data();
        float[] o = out.data();
        for (int i = 0; i < plane; i++) {
            double luma = 0.2126 * in[i] + 0.7152 * in[plane + i] + 0.0722 * in[2 * plane + i];
            for (int c = 0; c < 3; c++) {
                o[c * plane + i] = (float) Math.min(1, Math.max(0, luma + factor * (in[c * plane + i] - luma)));
            }
        }
        return out;
    }

    /** Brooks's ranges: red gain U[1.9, 2.4], blue U[1.5, 1.9], green 1. */
    static WhiteBalance whiteBalance(RandomGenerator random) {
        return new WhiteBalance((float) (1.9 + 0.5 * random.nextDouble()), 1f, (float) (1.5 + 0.4 * random.nextDouble()));
    }

    private ColorMatrix matrix(RandomGenerator random) {
        return matrices.get(random.nextInt(matrices.size()));
    }

    private static PlanarImage evenCrop(PlanarImage p) {
        int h = p.height() & ~1;
        int w = p.width() & ~1;
        PlanarImage out = PlanarImage.zeros(3, h, w);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(p.data(), p.index(c, y, 0), out.data(), out.index(c, y, 0), w);
            }
        }
        return out;
    }
}
