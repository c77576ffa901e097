package io.nightshift.trainer.data;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.WhiteBalance;
import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.CfaLayout;
import io.nightshift.raw.ColorMatrix;
import io.nightshift.raw.dng.DngFrame;
import io.nightshift.raw.dng.DngWriter;
import io.nightshift.raw.pack.PackCrop;
import io.nightshift.raw.render.ImageFileWriter;
import io.nightshift.raw.render.OutputSpace;
import io.nightshift.raw.render.RenderedImage;
import io.nightshift.trainer.noise.NoiseParameters;
import io.nightshift.trainer.noise.SensorCalibration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes the fixed held-out set: from held-out source photographs ({@link SourceSplit}), items in a full factorial
 * design — item {@code i} takes ratio band {@code i mod 3} (1–10, 10–100, 100–300; log-uniform inside a band),
 * source {@code ⌊i / 3⌋ mod S} and CFA layout {@code ⌊i / 3S⌋ mod 4}, so {@code 12·S} items put every source in
 * every band and every layout and no layout stands for one scene (version 1 tied layout to source) — each a
 * Sony-like dark DNG (14-bit, black 512, white 16383, ELD noise) read back through the RAW front end exactly like a
 * camera file, and its target. Deterministic: the same sources, seed and sizes
 * give the same bytes. {@code manifest.json} lists the items with everything drawn for them.
 *
 * <p>Geometry: the clean image is unprocessed on an RGGB grid of {@code (2s + 2)²} pixels; the DNG is the
 * {@code (2s + 1)²} window of that grid whose origin has the item's layout, so the front end's packing crop
 * (starting on red, even sizes) is {@code 2s × 2s} for every layout, packing to {@code s × s}; the target is
 * the same crop of the clean white-balanced image.
 */
public final class HeldOutSetGenerator {

    /** Format version of the held-out set v2 (the wallpapers' {@link SourceSplit} side), written into its manifest. */
    public static final int VERSION = 2;
    /**
     * Version 3: the same items, from the photographs of {@link EvaluationScenes} (held-out v3 or validation); the
     * manifest also names the split.
     */
    public static final int VERSION_3 = 3;
    static final double[][] BANDS = {{1, 10}, {10, 100}, {100, 300}};
    private static final int BLACK = 512;
    private static final int WHITE = 16383;

    private final long seed;
    private final int packedSize;
    private final int count;
    private final int version;
    private final String split;

    /**
     * @param packedSize side of each item's packed frame (the DNG is {@code 2·packedSize + 1} square); a
     *                   multiple of 16 so the enhancer takes it whole
     */
    public HeldOutSetGenerator(long seed, int packedSize, int count) {
        this(seed, packedSize, count, VERSION, "heldout-v2");
    }

    /** A generator whose manifest carries {@code version} and the split's name. */
    public HeldOutSetGenerator(long seed, int packedSize, int count, int version, String split) {
        if (packedSize < 16 || packedSize % 16 != 0 || count < 1) {
            throw new IllegalArgumentException("need a packed size that is a positive multiple of 16 and a count ≥ 1");
        }
        this.seed = seed;
        this.packedSize = packedSize;
        this.count = count;
        this.version = version;
        this.split = split;
    }

    /** Writes the set into {@code out} (created) from {@code sources}, the held-out photographs. */
    public List<HeldOutItem> generate(List<Path> sources, Path out, String command) throws IOException {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no held-out source images");
        }
        Files.createDirectories(out);
        HeldOutItem[] items = new HeldOutItem[count];
        int s = sources.size();
        // one source at a time, read once; an item depends only on its index, so the order of making them is free
        for (int k = 0; k < s; k++) {
            Path source = sources.get(k);
            String hash = SourceSplit.sha256(source);
            PlanarImage photo = PhotoSources.read(source);
            for (int i = 0; i < count; i++) {
                if ((i / BANDS.length) % s == k) {
                    CfaLayout layout = CfaLayout.values()[(i / (BANDS.length * s)) % 4];
                    items[i] = item(i, layout, BANDS[i % BANDS.length], source, hash, photo, out);
                }
            }
        }
        List<HeldOutItem> made = List.of(items);
        Files.writeString(out.resolve("manifest.json"), manifest(made, command), StandardCharsets.UTF_8);
        return made;
    }

    private HeldOutItem item(int index, CfaLayout layout, double[] band, Path sourcePath, String sourceHash,
            PlanarImage photo, Path out) throws IOException {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        int grid = 2 * packedSize + 2;
        if (photo.height() < grid || photo.width() < grid) {
            throw new IllegalArgumentException(sourcePath + " is smaller than " + grid + "×" + grid);
        }
        PlanarImage crop = RawReferencePairs.crop(photo, 2 * random.nextInt((photo.height() - grid) / 2 + 1),
                2 * random.nextInt((photo.width() - grid) / 2 + 1), grid);
        double ratio = Math.exp(Math.log(band[0]) + random.nextDouble() * (Math.log(band[1]) - Math.log(band[0])));
        DarkFrame frame = darkFrame(crop, layout, ratio, random);
        String stem = String.format(Locale.ROOT, "%04d_%s_r%.1f", index, layout, ratio);
        Files.write(out.resolve(stem + ".dng"), frame.dng());
        PackCrop pack = frame.crop();
        short[] rgb = new short[pack.width() * pack.height() * 3];
        PlanarImage target = frame.target();
        for (int y = 0; y < pack.height(); y++) {
            for (int x = 0; x < pack.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    rgb[(y * pack.width() + x) * 3 + c] = (short) Math.round(target.get(c, y, x) * 65535f);
                }
            }
        }
        ImageFileWriter.write(new RenderedImage(pack.width(), pack.height(), rgb, pack, OutputSpace.LINEAR_CAMERA),
                out.resolve(stem + ".target.png"));
        WhiteBalance wb = frame.whiteBalance();
        return new HeldOutItem(stem + ".dng", stem + ".target.png", layout.name(), ratio,
                (int) band[0] + "-" + (int) band[1], frame.noise(), new float[] {wb.red(), wb.green(), wb.blue()},
                frame.matrix(),
                sourcePath.getFileName().toString(), sourceHash);
    }

    /**
     * A dark frame made from a clean photograph crop, in memory.
     *
     * @param dng          the Sony-like Bayer DNG's bytes
     * @param crop         the front end's packing crop of the DNG
     * @param target       linear white-balanced camera RGB over that crop, clamped to [0, 1]
     * @param whiteBalance the gains drawn (written as the DNG's as-shot neutral, their inverses)
     * @param matrix       index into {@link PhotoPairGenerator#TYPICAL_MATRICES}
     * @param noise        the noise parameters drawn
     */
    public record DarkFrame(byte[] dng, PackCrop crop, PlanarImage target, WhiteBalance whiteBalance, int matrix,
            NoiseParameters noise) {
    }

    /**
     * Makes the dark frame of {@code grid}, an encoded-sRGB crop of even height and width (its origin on the RGGB
     * grid's red): unprocessed with a white balance, matrix and noise drawn from {@code random} (in that order),
     * darkened by {@code ratio}, and cut to the window one pixel smaller each way whose origin has {@code layout}.
     */
    public static DarkFrame darkFrame(PlanarImage grid, CfaLayout layout, double ratio, SplittableRandom random) {
        if (grid.height() % 2 != 0 || grid.width() % 2 != 0) {
            throw new IllegalArgumentException("the grid must have even sides: " + grid.height() + "×" + grid.width());
        }
        WhiteBalance wb = PhotoPairGenerator.whiteBalance(random);
        int matrix = random.nextInt(PhotoPairGenerator.TYPICAL_MATRICES.size());
        io.nightshift.contract.post.ColorMatrix cameraToSrgb = PhotoPairGenerator.TYPICAL_MATRICES.get(matrix);
        Unprocessor.Pair clean = new Unprocessor(cameraToSrgb, wb).unprocess(grid);
        NoiseParameters noise = SensorCalibration.SONY_A7S2.sample(random);
        float[] dn = DarkExposure.mosaicDn(clean.packed(), WHITE - BLACK, ratio, noise, random);

        int gridWidth = grid.width();
        int height = grid.height() - 1;
        int width = gridWidth - 1;
        int r0 = layout.redRow();
        int c0 = layout.redCol();
        short[] samples = new short[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                long v = Math.round(dn[(r0 + y) * gridWidth + c0 + x]) + BLACK;
                samples[y * width + x] = (short) Math.max(0, Math.min(WHITE, v));
            }
        }
        DngFrame frame = DngFrame.sonyLike(width, height).withLayout(layout)
                .withAsShotNeutral(1 / wb.red(), 1, 1 / wb.blue())
                .withColorMatrix(new ColorMatrix(xyzToCamera(cameraToSrgb)));
        byte[] dng = DngWriter.write(frame, new BayerPlane(width, height, samples));

        PackCrop pack = PackCrop.of(layout, width, height);
        int gy = r0 + pack.y();
        int gx = c0 + pack.x();
        PlanarImage target = PlanarImage.zeros(3, pack.height(), pack.width());
        PlanarImage linear = clean.target();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < pack.height(); y++) {
                for (int x = 0; x < pack.width(); x++) {
                    target.set(c, y, x, Math.max(0f, Math.min(1f, linear.get(c, gy + y, gx + x))));
                }
            }
        }
        return new DarkFrame(dng, pack, target, wb, matrix, noise);
    }

    /**
     * DNG ColorMatrix1 (XYZ → camera) for a camera whose white-balanced RGB goes to linear sRGB by
     * {@code cameraToSrgb}: {@code cameraToSrgb⁻¹ · XYZ→sRGB}. LibRaw then derives {@code rgb_cam} =
     * {@code cameraToSrgb} (its rows sum to 1, so LibRaw's row normalisation leaves it).
     */
    static double[] xyzToCamera(io.nightshift.contract.post.ColorMatrix cameraToSrgb) {
        double[] inv = Unprocessor.invert(cameraToSrgb.rowMajor());
        double[] xyz = DngFrame.XYZ_TO_SRGB.rowMajor();
        double[] m = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 3; k++) {
                    m[3 * r + c] += inv[3 * r + k] * xyz[3 * k + c];
                }
            }
        }
        return m;
    }

    private String manifest(List<HeldOutItem> items, String command) {
        StringBuilder b = new StringBuilder();
        b.append("{\n  \"version\": ").append(version)
                .append(",\n  \"split\": ").append(quote(split))
                .append(",\n  \"seed\": ").append(seed)
                .append(",\n  \"packed_size\": ").append(packedSize)
                .append(",\n  \"camera\": \"Sony A7S2-like DNG, RGGB/BGGR/GRBG/GBRG, 14-bit, black 512, white 16383\"")
                .append(",\n  \"noise\": \"ELD: Poisson shot (K), Gaussian read, row, quantization; ")
                .append(SensorCalibration.SONY_A7S2.camera()).append(" calibration\"")
                .append(",\n  \"command\": ").append(quote(command))
                .append(",\n  \"items\": [");
        for (int i = 0; i < items.size(); i++) {
            HeldOutItem it = items.get(i);
            b.append(i == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
                    "    {\"dng\": %s, \"target\": %s, \"layout\": %s, \"ratio\": %.6f, \"band\": %s, \"K\": %.6f, "
                            + "\"sigma_read\": %.6f, \"sigma_row\": %.6f, \"wb\": [%.6f, %.6f, %.6f], \"matrix\": %d, "
                            + "\"source\": %s, \"source_sha256\": %s}",
                    quote(it.dng()), quote(it.target()), quote(it.layout()), it.ratio(), quote(it.band()),
                    it.noise().systemGain(), it.noise().readSigma(), it.noise().rowSigma(), it.whiteBalance()[0],
                    it.whiteBalance()[1], it.whiteBalance()[2], it.matrix(), quote(it.source()), quote(it.sourceSha256())));
        }
        return b.append("\n  ]\n}\n").toString();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
