package io.nightshift.chaos.inputs;

import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.BlackLevels;
import io.nightshift.raw.CfaLayout;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.dng.DngFrame;
import io.nightshift.raw.dng.DngWriter;
import io.nightshift.trainer.data.DarkRawFile;
import io.nightshift.trainer.noise.NoiseParameters;
import io.nightshift.trainer.noise.NoiseSynthesizer;
import io.nightshift.trainer.noise.SensorCalibration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The good jobs: windows of 1–1.5 MP cut from the real camera samples (Nikon D1, Canon D30) at even and odd
 * offsets, so every CFA layout occurs (RGGB, BGGR, GRBG, GBRG), each made 50–300 times darker with the trainer's
 * sensor noise model (ELD, Sony a7S II calibration scaled to the camera's levels) and written by the project's
 * {@link DngWriter} at the camera's levels; plus the three real samples as shot. Deterministic for a seed.
 */
public final class GoodFrames {
    /** The samples windows are cut from, each decoded once. */
    public static final List<String> CROPPED = List.of("RAW_NIKON_D1.NEF", "RAW_CANON_D30_SRGB.CRW");
    /** The real samples sent as they are. */
    public static final List<String> AS_SHOT = List.of("RAW_NIKON_D1.NEF", "RAW_CANON_D30_SRGB.CRW", "RAW_KODAK_DC50.KDC");
    private static final double[] RATIOS = {50, 100, 150, 200, 250, 300};

    private GoodFrames() {
    }

    /** {@code dark} dark windows under {@code prefix}, then the real samples. */
    public static List<GoodInput> make(Path samples, String prefix, int dark, long seed) {
        List<GoodInput> inputs = new ArrayList<>();
        try (RawDecoder decoder = new RawDecoder()) {
            inputs.addAll(darkWindows(decoder, samples, prefix, dark, seed));
            for (String name : AS_SHOT) {
                byte[] bytes = read(samples.resolve(name));
                DecodedRaw decoded = decoder.decode(bytes);
                inputs.add(new GoodInput(prefix + name, bytes, decoded.width(), decoded.height(),
                        decoded.cfa().name()));
            }
        }
        return inputs;
    }

    /** {@code dark} dark windows under {@code prefix}, without the real samples. */
    public static List<GoodInput> dark(Path samples, String prefix, int dark, long seed) {
        try (RawDecoder decoder = new RawDecoder()) {
            return darkWindows(decoder, samples, prefix, dark, seed);
        }
    }

    private static List<GoodInput> darkWindows(RawDecoder decoder, Path samples, String prefix, int dark, long seed) {
        List<GoodInput> inputs = new ArrayList<>();
        List<DecodedRaw> sources = new ArrayList<>();
        for (String name : CROPPED) {
            sources.add(decoder.decode(read(samples.resolve(name))));
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < dark; i++) {
            DecodedRaw source = sources.get(i % sources.size());
            int width = 1152 + 64 * (i % 4);
            int height = 864 + 32 * ((i / 4) % 4);
            int ox = (i / 2) % 2;
            int oy = (i / 4) % 2;
            int x0 = ox + 2 * random.nextInt((source.width() - width - 1) / 2);
            int y0 = oy + 2 * random.nextInt((source.height() - height - 1) / 2);
            double ratio = RATIOS[i % RATIOS.length];
            CfaLayout layout = shifted(source.cfa(), y0, x0);
            byte[] dng = darkWindow(source, x0, y0, width, height, layout, ratio, random);
            String key = String.format(Locale.ROOT, "%sdark-%03d-%s-x%.0f.dng", prefix, i, layout, ratio);
            inputs.add(new GoodInput(key, dng, width, height, layout.name()));
        }
        return inputs;
    }

    /** The layout of a window whose top-left corner is at {@code (row, col)} of a {@code cfa} frame. */
    static CfaLayout shifted(CfaLayout cfa, int row, int col) {
        StringBuilder pattern = new StringBuilder();
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                pattern.append(cfa.colorAt(row + r, col + c));
            }
        }
        return CfaLayout.of(pattern.toString());
    }

    private static byte[] darkWindow(DecodedRaw source, int x0, int y0, int width, int height, CfaLayout layout,
                                     double ratio, SplittableRandom random) {
        int black = source.black().max();
        int white = source.white();
        BayerPlane plane = source.plane();
        float[] signal = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int above = plane.get(x0 + x, y0 + y) - black;
                signal[y * width + x] = (float) (Math.max(above, 0) / ratio);
            }
        }
        NoiseParameters calibrated = SensorCalibration.SONY_A7S2.sample(random);
        double scale = (white - black) / DarkRawFile.CALIBRATION_RANGE_DN;
        NoiseParameters noise = new NoiseParameters(calibrated.systemGain() * scale, calibrated.readSigma() * scale,
                calibrated.rowSigma() * scale);
        float[] noisy = NoiseSynthesizer.apply(signal, height, width, noise, random);
        short[] samples = new short[noisy.length];
        for (int i = 0; i < noisy.length; i++) {
            samples[i] = (short) Math.max(0, Math.min(white, Math.round(noisy[i]) + black));
        }
        int bits = white < 4096 ? 12 : white < 16384 ? 14 : 16;
        DngFrame frame = DngFrame.sonyLike(width, height).withLayout(layout)
                .withLevels(bits, BlackLevels.uniform(black), white);
        return DngWriter.write(frame, new BayerPlane(width, height, samples));
    }

    private static byte[] read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the real camera sample " + file + " is missing: the chaos run needs "
                    + "../shared/raw-samples beside the checkout");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
