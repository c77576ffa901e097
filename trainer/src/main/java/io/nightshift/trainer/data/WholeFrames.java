package io.nightshift.trainer.data;

import io.nightshift.contract.PlanarImage;
import io.nightshift.raw.CfaLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Whole-frame items of evaluation v3: dark frames of camera size ({@value #HEIGHT}×{@value #WIDTH} packing crop, a
 * {@code 2001×3009} DNG: 6.02 MP), on which the ratio estimate and the tiled U-Net run exactly as in the worker
 * (thumb of the whole frame, default tiles and overlap). Each is made in memory when asked for (a frame is 12 MB
 * of DNG and 70 MB of target; nothing is stored), deterministically from the seed and its index.
 *
 * <p>Sources: the {@value #PHOTOS} largest photographs of a split (held-out v3: lxqt-themes' eleven of 2.5–6.0 MP and
 * digikam's 12 MP one), read at full size and resized by {@link Resampling#cubic} to just cover the frame (lxqt's
 * 3000×1993 ones are enlarged by 1.004, the 1920×1278 ones by 1.57, digikam's shrunk by 0.75), then cropped at a
 * random even offset. Design: item {@code i} takes photograph {@code i mod P}, ratio band
 * {@code (i + ⌊i / P⌋) mod 3} and CFA layout {@code (⌊i / 3⌋ + ⌊i / P⌋) mod 4}: at the default (24 items, 12
 * photographs) each photograph appears in two bands, every layout 6 times and every band 8 times (other counts
 * need not cover everything: {@code WholeFramesTest} checks the default).
 */
public final class WholeFrames {

    /** Packing crop height (sensor rows). */
    public static final int HEIGHT = 2000;
    /** Packing crop width (sensor columns). */
    public static final int WIDTH = 3008;
    /** Photographs the items come from. */
    public static final int PHOTOS = 12;
    /** Items at the default: two per photograph. */
    public static final int DEFAULT_COUNT = 24;
    public static final long DEFAULT_SEED = 20261207L;

    /** One whole-frame item; {@code scene} is its photograph's file name. */
    public record Item(String name, String scene, CfaLayout layout, double ratio, String band,
            HeldOutSetGenerator.DarkFrame frame) {
    }

    private final List<Path> photos;
    private final long seed;
    private final int count;
    private final int height;
    private final int width;

    /** Items from the {@value #PHOTOS} largest of {@code photos}, at the default frame size. */
    public static WholeFrames of(List<Path> photos, long seed, int count) {
        return new WholeFrames(photos.stream().sorted(EvaluationScenes.largestFirst()).limit(PHOTOS).toList(), seed,
                count, HEIGHT, WIDTH);
    }

    /** Items of another (even) frame size from exactly {@code photos}: for tests. */
    public WholeFrames(List<Path> photos, long seed, int count, int height, int width) {
        if (photos.isEmpty() || count < 0 || height % 2 != 0 || width % 2 != 0) {
            throw new IllegalArgumentException("need photographs, a count ≥ 0 and even frame sides");
        }
        this.photos = List.copyOf(photos);
        this.seed = seed;
        this.count = count;
        this.height = height;
        this.width = width;
    }

    public int count() {
        return count;
    }

    public List<Path> photos() {
        return photos;
    }

    /** Item {@code i}, made now. */
    public Item item(int i) throws IOException {
        int p = photos.size();
        Path source = photos.get(i % p);
        double[] band = HeldOutSetGenerator.BANDS[band(i, p)];
        CfaLayout layout = CfaLayout.values()[layout(i, p)];
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        int gridH = height + 2;
        int gridW = width + 2;
        PlanarImage photo = PhotoReader.read(source);
        double scale = Math.max((double) gridH / photo.height(), (double) gridW / photo.width());
        int h = Math.max(gridH, (int) Math.ceil(photo.height() * scale));
        int w = Math.max(gridW, (int) Math.ceil(photo.width() * scale));
        PlanarImage sized = h == photo.height() && w == photo.width() ? photo : Resampling.cubic(photo, h, w);
        PlanarImage grid = crop(sized, 2 * random.nextInt((h - gridH) / 2 + 1), 2 * random.nextInt((w - gridW) / 2 + 1),
                gridH, gridW);
        double ratio = Math.exp(Math.log(band[0]) + random.nextDouble() * (Math.log(band[1]) - Math.log(band[0])));
        HeldOutSetGenerator.DarkFrame frame = HeldOutSetGenerator.darkFrame(grid, layout, ratio, random);
        String name = String.format(Locale.ROOT, "whole%02d_%s_r%.1f", i, layout, ratio);
        return new Item(name, source.getFileName().toString(), layout, ratio, (int) band[0] + "-" + (int) band[1],
                frame);
    }

    /** Item {@code i}'s ratio band (index into the three bands) among {@code photos} photographs. */
    static int band(int i, int photos) {
        return (i + i / photos) % 3;
    }

    /** Item {@code i}'s CFA layout (index into {@link CfaLayout#values()}) among {@code photos} photographs. */
    static int layout(int i, int photos) {
        return (i / 3 + i / photos) % 4;
    }

    private static PlanarImage crop(PlanarImage in, int y0, int x0, int h, int w) {
        PlanarImage out = PlanarImage.zeros(in.channels(), h, w);
        for (int c = 0; c < in.channels(); c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(in.data(), in.index(c, y0 + y, x0), out.data(), out.index(c, y, 0), w);
            }
        }
        return out;
    }
}
