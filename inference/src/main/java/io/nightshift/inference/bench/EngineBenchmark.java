package io.nightshift.inference.bench;

import io.nightshift.inference.report.JsonLine;
import io.nightshift.contract.PlanarImage;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.EnhancerSession;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.tiling.TilePlan;
import io.nightshift.inference.tiling.TiledEnhancer;
import io.nightshift.inference.tiling.TilingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bench engine}: enhancement throughput of the 12 MP Sony-like frame across tile sizes and
 * intra-op thread counts, at the default overlap and feather. {@code mp_per_s} counts the frame's
 * sensor megapixels per second (overlap included: what a worker delivers); {@code tile_mp_per_s}
 * the pixels the network actually processes. The best {@code mp_per_s} is the recommended default
 * tile ({@link TilingConfig#DEFAULT_TILE}); the last line says whether the code's default is it.
 *
 * <p>Options: {@code --tiles 512,768,1024,1280,1536 --threads 1,2 --overlap M --feather F --batch B --repeats N (fastest of N) --spin 0|1 --model F.onnx | --widths …} (model: see {@code BenchModel})
 */
public final class EngineBenchmark {

    private EngineBenchmark() {
    }

    public static void main(String[] argv) throws java.io.IOException {
        Args args = new Args(argv, List.of("tiles", "threads", "overlap", "feather", "batch", "model", "widths", "ratio", "repeats", "spin"));
        int[] tiles = args.getInts("tiles", "512,768,1024,1280,1536");
        int[] threads = args.getInts("threads", "1," + Runtime.getRuntime().availableProcessors());
        int overlap = args.getInt("overlap", TilingConfig.DEFAULT_OVERLAP);
        int feather = args.getInt("feather", TilingConfig.DEFAULT_FEATHER);
        int batch = args.getInt("batch", TilingConfig.DEFAULT_BATCH);
        BenchModel bench = BenchModel.choose(args);
        int repeats = args.getInt("repeats", 2);
        byte[] model = bench.onnx();
        PlanarImage input = SonyLikeFrame.prepare(SonyLikeFrame.dng(7), (float) args.getDouble("ratio", 100)).input();
        double sensorMp = 4.0 * input.height() * input.width() / 1e6;
        System.out.println("input: synthetic Sony-like " + SonyLikeFrame.WIDTH + "x" + SonyLikeFrame.HEIGHT
                + " DNG, packed " + input.width() + "x" + input.height() + "; model: " + bench.description());

        List<JsonLine> results = new ArrayList<>();
        JsonLine best = null;
        double bestRate = -1;
        int bestTile = 0;
        for (int t : Arrays.stream(threads).distinct().toArray()) {
            try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(t).withSpinWait(args.getInt("spin", 1) != 0));
                    EnhancerSession enhancer = engine.loadEnhancer(model)) {
                for (int tile : tiles) {
                    TiledEnhancer tiler = new TiledEnhancer(enhancer, new TilingConfig(tile, overlap, feather, batch));
                    TilePlan plan = tiler.plan(input.height(), input.width());
                    warmUp(tiler, input, plan);
                    double s = Double.MAX_VALUE;
                    for (int i = 0; i < repeats; i++) {
                        long start = System.nanoTime();
                        tiler.enhance(input);
                        s = Math.min(s, (System.nanoTime() - start) / 1e9);
                    }
                    double rate = sensorMp / s;
                    JsonLine r = new JsonLine().put("tile", tile).put("threads", t).put("seconds", s).put("mp_per_s", rate)
                            .put("tile_mp_per_s", rate * plan.areaRatio()).put("area_ratio", plan.areaRatio())
                            .put("tiles", plan.tileCount());
                    System.out.println(r);
                    results.add(r);
                    if (rate > bestRate) {
                        bestRate = rate;
                        best = r;
                        bestTile = tile;
                    }
                }
            }
        }
        System.out.println(new JsonLine().put("best", best).put("default_tile", TilingConfig.DEFAULT_TILE)
                .put("default_is_best", bestTile == TilingConfig.DEFAULT_TILE).put("overlap", overlap)
                .put("feather", feather).put("batch", batch).put("frame_mp", sensorMp)
                .put("model", bench.description()).put("results", results));
    }

    /** One tile-sized run first, so the session's memory arena and kernels are ready. */
    private static void warmUp(TiledEnhancer tiler, PlanarImage input, TilePlan plan) {
        int h = plan.tileHeight();
        int w = plan.tileWidth();
        PlanarImage crop = PlanarImage.zeros(input.channels(), h, w);
        for (int c = 0; c < input.channels(); c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(input.data(), (c * input.height() + y) * input.width(), crop.data(), (c * h + y) * w, w);
            }
        }
        tiler.enhance(crop);
    }
}
