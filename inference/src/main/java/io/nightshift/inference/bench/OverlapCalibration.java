package io.nightshift.inference.bench;

import io.nightshift.contract.FloatArrays;
import io.nightshift.inference.report.JsonLine;
import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.post.ColorMatrix;
import io.nightshift.contract.post.PostProcessor;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.EnhancerSession;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.tiling.TiledEnhancer;
import io.nightshift.inference.tiling.TilingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chooses the default overlap: the smallest (multiple of 16, from 0 up) whose tiled output stays
 * within one 8-bit sRGB level ({@code 1/255}) of the whole-image run on every calibration image. The
 * calibration images are synthetic packed frames of their own (not the benchmark's Sony-like frame);
 * post-processing is the contract's, with the identity colour matrix. Overlaps are tried in
 * ascending order and the first that passes on all images is taken.
 *
 * <p>Options: {@code --model F.onnx} or {@code --widths …} (default: the committed default model, see {@code BenchModel}),
 * {@code --tile N --feather F --images K --threads T}. Last line: one JSON object.
 */
public final class OverlapCalibration {

    static final double LEVEL = 1 / 255.0;

    private OverlapCalibration() {
    }

    public static void main(String[] argv) throws IOException {
        Args args = new Args(argv, List.of("model", "widths", "tile", "feather", "images", "threads"));
        BenchModel bench = BenchModel.choose(args);
        byte[] model = bench.onnx();
        String modelName = bench.description();
        int tile = args.getInt("tile", TilingConfig.DEFAULT_TILE);
        int featherMax = args.getInt("feather", TilingConfig.DEFAULT_FEATHER);
        List<PlanarImage> images = new ArrayList<>();
        for (int i = 0; i < args.getInt("images", 2); i++) {
            images.add(calibrationImage(100 + i, 1200 + 16 * i + 7, 1800 + 16 * i + 3));
        }
        System.out.println("model: " + modelName + "; " + images.size() + " synthetic calibration images ~1200x1800 packed");

        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(args.getInt("threads", 0)));
                EnhancerSession enhancer = engine.loadEnhancer(model)) {
            List<float[]> references = new ArrayList<>();
            for (PlanarImage image : images) {
                references.add(srgb(new TiledEnhancer(enhancer, TilingConfig.wholeImage()).enhance(image)));
            }
            List<JsonLine> tried = new ArrayList<>();
            Integer chosen = null;
            int chosenFeather = 0;
            for (int overlap = 0; overlap < tile && chosen == null; overlap += 16) {
                int feather = Math.min(featherMax, overlap);
                TilingConfig config = new TilingConfig(tile, overlap, feather, 1);
                double worst = 0;
                for (int i = 0; i < images.size(); i++) {
                    float[] tiled = srgb(new TiledEnhancer(enhancer, config).enhance(images.get(i)));
                    worst = Math.max(worst, FloatArrays.maxAbsDiff(tiled, references.get(i)));
                }
                JsonLine r = new JsonLine().put("overlap", overlap).put("feather", feather).put("max_abs_diff", worst)
                        .put("levels", worst * 255);
                System.out.println(r);
                tried.add(r);
                if (worst <= LEVEL) {
                    chosen = overlap;
                    chosenFeather = feather;
                }
            }
            System.out.println(new JsonLine().put("overlap", chosen).put("feather", chosen == null ? null : chosenFeather)
                    .put("margin", chosen == null ? null : (chosen - chosenFeather) / 2).put("tile", tile)
                    .put("target_max_abs_diff", LEVEL).put("current_default_overlap", TilingConfig.DEFAULT_OVERLAP)
                    .put("model", modelName).put("tried", tried));
        }
    }

    /** A dark-scene-like packed frame in [0, 1]: smooth shading, hard-edged shapes, texture, noise. */
    static PlanarImage calibrationImage(long seed, int height, int width) {
        SplittableRandom random = new SplittableRandom(seed);
        PlanarImage image = PlanarImage.zeros(4, height, width);
        double cx = random.nextDouble(), cy = random.nextDouble();
        for (int c = 0; c < 4; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double u = x / (double) width, v = y / (double) height;
                    double s = 0.3 + 0.2 * Math.sin(9 * u + 5 * v + c) + (Math.hypot(u - cx, v - cy) < 0.2 ? 0.3 : 0)
                            + ((x / 40 + y / 40) % 2 == 0 ? 0.1 : 0) + 0.08 * random.nextGaussian();
                    image.set(c, y, x, (float) Math.min(1, Math.max(0, s)));
                }
            }
        }
        return image;
    }

    private static float[] srgb(PlanarImage rgb) {
        return PostProcessor.colourOnly(ColorMatrix.IDENTITY, rgb.width(), rgb.height()).apply(rgb).data();
    }

}
