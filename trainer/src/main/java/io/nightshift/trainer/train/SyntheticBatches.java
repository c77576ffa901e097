package io.nightshift.trainer.train;

import ai.djl.ndarray.types.Shape;
import io.nightshift.contract.ContractV1;
import io.nightshift.contract.EnhancerContract;
import io.nightshift.contract.image.EnhancerInput;
import io.nightshift.contract.PlanarImage;
import io.nightshift.trainer.data.Dihedral;
import io.nightshift.trainer.data.EnhancerSample;
import io.nightshift.trainer.data.PhotoPairGenerator;
import io.nightshift.trainer.data.PhotoSources;
import io.nightshift.trainer.data.RatioSample;
import io.nightshift.trainer.data.RawReferencePairs;
import io.nightshift.trainer.data.ServiceFrames;
import io.nightshift.trainer.data.ServiceThumb;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Synthetic training batches for both networks from training-split sources: photographs through the
 * unprocessing pipeline ({@link PhotoPairGenerator}) and clean RAW files ({@link RawReferencePairs}), both
 * darkened with the ELD noise model. Every example gets a random flip or transpose that keeps the Bayer phase:
 * photographs are transformed before mosaicking, RAW patches by {@link Dihedral#packedPair}. Batch {@code i}
 * depends only on the seed and {@code i}.
 *
 * @param photos      the training photographs, decoded ({@link io.nightshift.trainer.data.PhotoSources#read})
 * @param rawFiles    clean RAW references (may be empty)
 * @param rawShare    share of examples drawn from the RAW references when there are any
 * @param photoPairs  the photograph pipeline (its patch is the enhancer's packed patch side); its ratio sampler
 *                    also draws the ratios of ratio examples cut from RAW files, so one setting covers both
 * @param raw         the RAW pipeline (same patch side), or null when there are no RAW files
 * @param batchSize   examples per batch
 * @param seed        the data seed
 * @param serviceFrames ratio examples as thumbs of whole frames of these sizes ({@link ServiceThumb}), or null for
 *                    thumbs of the small frames themselves (every published set so far)
 * @param enhancerContract what enhancer inputs hold: {@link EnhancerContract#V2} appends each example's
 *                    {@link EnhancerSample#noise() noise planes} as two constant channels
 */
public record SyntheticBatches(List<PlanarImage> photos, List<Path> rawFiles, double rawShare,
        PhotoPairGenerator photoPairs, RawReferencePairs raw, int batchSize, long seed, ServiceFrames serviceFrames,
        EnhancerContract enhancerContract) {

    /** Ratio examples are whole frames of a random packed side in [{@value #RATIO_MIN_SIDE}, {@value #RATIO_MAX_SIDE}]. */
    public static final int RATIO_MIN_SIDE = 64;
    public static final int RATIO_MAX_SIDE = 192;
    /** A service ratio example's scene: a crop of half to all of each side of a photograph, unprocessed at ≤ this side. */
    public static final int SERVICE_SCENE_SIDE = 768;

    /** Ratio examples as thumbs of their own small frames (no service sizes). */
    public SyntheticBatches(List<PlanarImage> photos, List<Path> rawFiles, double rawShare,
                            PhotoPairGenerator photoPairs, RawReferencePairs raw, int batchSize, long seed) {
        this(photos, rawFiles, rawShare, photoPairs, raw, batchSize, seed, null, EnhancerContract.V1);
    }

    /** The same sources with ratio examples as thumbs of whole frames of {@code frames}' sizes. */
    public SyntheticBatches withServiceFrames(ServiceFrames frames) {
        return new SyntheticBatches(photos, rawFiles, rawShare, photoPairs, raw, batchSize, seed, frames,
                enhancerContract);
    }

    /** The same sources with enhancer inputs of {@code contract}. */
    public SyntheticBatches withEnhancerContract(EnhancerContract contract) {
        return new SyntheticBatches(photos, rawFiles, rawShare, photoPairs, raw, batchSize, seed, serviceFrames,
                contract);
    }

    public SyntheticBatches {
        photos = List.copyOf(photos);
        rawFiles = List.copyOf(rawFiles);
        if (photos.isEmpty() && rawFiles.isEmpty()) {
            throw new IllegalArgumentException("no training sources");
        }
        if (!rawFiles.isEmpty() && raw == null) {
            throw new IllegalArgumentException("RAW files without a RAW pipeline");
        }
        Objects.requireNonNull(enhancerContract, "enhancerContract");
    }

    /** The random generator of batch {@code index} (a different stream per index and purpose). */
    public SplittableRandom random(long index, long purpose) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + purpose);
    }

    private boolean fromRaw(SplittableRandom random) {
        return photos.isEmpty() || (!rawFiles.isEmpty() && random.nextDouble() < rawShare);
    }

    public EnhancerSample enhancerSample(SplittableRandom random) {
        if (fromRaw(random)) {
            return raw.augmentedSample(rawFiles.get(random.nextInt(rawFiles.size())), random);
        }
        PlanarImage photo = photos.get(random.nextInt(photos.size()));
        int side = 2 * photoPairs.patch();
        int y0 = 2 * random.nextInt((photo.height() - side) / 2 + 1);
        int x0 = 2 * random.nextInt((photo.width() - side) / 2 + 1);
        PlanarImage crop = Dihedral.apply(crop(photo, y0, x0, side, side), random.nextInt(Dihedral.COUNT));
        return photoPairs.enhancerSample(crop, random);
    }

    public RatioSample ratioSample(SplittableRandom random) {
        if (serviceFrames != null) {
            return serviceRatioSample(random);
        }
        if (fromRaw(random)) {
            return raw.ratioSample(rawFiles.get(random.nextInt(rawFiles.size())), photoPairs.ratios(), random);
        }
        PlanarImage photo = photos.get(random.nextInt(photos.size()));
        int h = 2 * (RATIO_MIN_SIDE + random.nextInt(RATIO_MAX_SIDE - RATIO_MIN_SIDE + 1));
        int w = 2 * (RATIO_MIN_SIDE + random.nextInt(RATIO_MAX_SIDE - RATIO_MIN_SIDE + 1));
        h = Math.min(h, photo.height() & ~1);
        w = Math.min(w, photo.width() & ~1);
        int y0 = 2 * random.nextInt((photo.height() - h) / 2 + 1);
        int x0 = 2 * random.nextInt((photo.width() - w) / 2 + 1);
        PlanarImage crop = Dihedral.apply(crop(photo, y0, x0, h, w), random.nextInt(Dihedral.COUNT));
        return photoPairs.ratioSample(crop, random);
    }

    /**
     * A ratio example as a worker sees one: a scene (half to all of each side of a photograph, or a whole clean RAW
     * frame) standing for a whole frame of a drawn service size, its thumb made by {@link ServiceThumb}.
     */
    private RatioSample serviceRatioSample(SplittableRandom random) {
        boolean fromRaw = fromRaw(random);
        double pixels = serviceFrames.draw(random);
        if (fromRaw) {
            return raw.serviceRatioSample(rawFiles.get(random.nextInt(rawFiles.size())), photoPairs.ratios(), pixels,
                    random);
        }
        PlanarImage photo = photos.get(random.nextInt(photos.size()));
        int h = (int) (photo.height() * (0.5 + 0.5 * random.nextDouble())) & ~1;
        int w = (int) (photo.width() * (0.5 + 0.5 * random.nextDouble())) & ~1;
        int y0 = 2 * random.nextInt((photo.height() - h) / 2 + 1);
        int x0 = 2 * random.nextInt((photo.width() - w) / 2 + 1);
        PlanarImage scene = PhotoSources.downscale(crop(photo, y0, x0, h, w), SERVICE_SCENE_SIDE);
        scene = Dihedral.apply(scene, random.nextInt(Dihedral.COUNT));
        return photoPairs.serviceRatioSample(scene, pixels, random);
    }

    /**
     * Enhancer batch {@code index}: inputs {@code [B, C, p, p]} (C = 4, or 6 with {@link EnhancerContract#V2}'s noise
     * planes), targets {@code [B, 3, 2p, 2p]}, and each example's colour matrix.
     */
    public Batch enhancerBatch(long index) {
        return enhancerBatch(random(index, 1), batchSize);
    }

    public Batch enhancerBatch(SplittableRandom random, int n) {
        int p = photoPairs.patch();
        int channels = enhancerContract.inputChannels();
        int in = channels * p * p;
        int out = ContractV1.RGB_CHANNELS * 4 * p * p;
        float[] x = new float[n * in];
        float[] y = new float[n * out];
        float[] colour = new float[n * 9];
        for (int i = 0; i < n; i++) {
            EnhancerSample s = enhancerSample(random);
            PlanarImage input = enhancerContract.noisePlanes() == 0 ? s.input()
                    : EnhancerInput.withPlanes(s.input(), s.noise());
            System.arraycopy(input.data(), 0, x, i * in, in);
            System.arraycopy(s.target().data(), 0, y, i * out, out);
            double[] m = s.cameraToSrgb().rowMajor();
            for (int k = 0; k < 9; k++) {
                colour[9 * i + k] = (float) m[k];
            }
        }
        return new Batch(x, new Shape(n, channels, p, p), y,
                new Shape(n, ContractV1.RGB_CHANNELS, 2 * p, 2 * p), colour);
    }

    /** Ratio batch {@code index}: thumbs {@code [B, 3, 64, 64]}, labels log2 ratio {@code [B, 1]}. */
    public Batch ratioBatch(long index) {
        return ratioBatch(random(index, 2), batchSize);
    }

    public Batch ratioBatch(SplittableRandom random, int n) {
        int t = ContractV1.THUMB_CHANNELS * ContractV1.THUMB_SIZE * ContractV1.THUMB_SIZE;
        float[] x = new float[n * t];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            RatioSample s = ratioSample(random);
            System.arraycopy(s.thumb().data(), 0, x, i * t, t);
            y[i] = (float) s.log2Ratio();
        }
        return new Batch(x, new Shape(n, ContractV1.THUMB_CHANNELS, ContractV1.THUMB_SIZE, ContractV1.THUMB_SIZE), y,
                new Shape(n, 1));
    }

    static PlanarImage crop(PlanarImage image, int y0, int x0, int h, int w) {
        PlanarImage out = PlanarImage.zeros(image.channels(), h, w);
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(image.data(), image.index(c, y0 + y, x0), out.data(), out.index(c, y, 0), w);
            }
        }
        return out;
    }
}
