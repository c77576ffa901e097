package io.nightshift.client.demo;

import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.trainer.data.DarkRawFile;
import io.nightshift.trainer.noise.SensorCalibration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the demo sends through the fleet: the real camera samples of {@code ../shared/raw-samples} as shot, and dark
 * versions of each at known ratios ({@link DarkRawFile}: the trainer's sensor noise model at the camera's own
 * levels, written by the DNG writer), so that before and after differ as they do for a photo taken in the dark.
 * Deterministic: the same samples give the same files.
 */
public final class DemoSet {
    /** The full set: three cameras, each as shot and at two ratios between ×50 and ×300 (nine images). */
    public static final Map<String, double[]> FULL = plan(
            "RAW_NIKON_D1.NEF", new double[] {50, 300},
            "RAW_CANON_D30_SRGB.CRW", new double[] {100, 200},
            "RAW_KODAK_DC50.KDC", new double[] {75, 150});
    /** The small set (tests): the smallest sample as shot and at ×50 and ×200 (three images). */
    public static final Map<String, double[]> SMALL = plan("RAW_KODAK_DC50.KDC", new double[] {50, 200});

    private DemoSet() {
    }

    /** The images of {@code plan} (sample file name → ratios), made from the samples in {@code samples}. */
    public static List<DemoImage> make(Path samples, Map<String, double[]> plan) {
        List<DemoImage> images = new ArrayList<>();
        long seed = 1;
        try (RawDecoder decoder = new RawDecoder()) {
            for (Map.Entry<String, double[]> entry : plan.entrySet()) {
                String name = entry.getKey();
                Path file = samples.resolve(name);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalStateException("the real camera sample " + file + " is missing: the demo needs "
                            + "../shared/raw-samples beside the checkout");
                }
                byte[] bytes = Files.readAllBytes(file);
                images.add(new DemoImage(name, name, 1, bytes));
                DecodedRaw bright = decoder.decode(bytes);
                for (double ratio : entry.getValue()) {
                    SplittableRandom random = new SplittableRandom(seed++);
                    byte[] dark = DarkRawFile.write(bright, ratio, SensorCalibration.SONY_A7S2.sample(random), random);
                    images.add(new DemoImage(darkName(name, ratio), name, ratio, dark));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return images;
    }

    /** {@code RAW_NIKON_D1.NEF} at ×300 is {@code RAW_NIKON_D1_x300.dng}. */
    static String darkName(String sample, double ratio) {
        int dot = sample.lastIndexOf('.');
        return String.format(Locale.ROOT, "%s_x%.0f.dng", dot > 0 ? sample.substring(0, dot) : sample, ratio);
    }

    private static Map<String, double[]> plan(Object... pairs) {
        Map<String, double[]> plan = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            plan.put((String) pairs[i], (double[]) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(plan);
    }
}
