package io.nightshift.inference.bench;

import io.nightshift.inference.report.JsonLine;
import io.nightshift.contract.PlanarImage;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.EnhancerSession;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.engine.NativeMemory;
import io.nightshift.inference.tiling.TiledEnhancer;
import io.nightshift.inference.tiling.TilingConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One side of {@code bench tiling}, in its own JVM so that its peak RSS is its own: decodes the DNG,
 * runs the enhancer whole or tiled, post-processes, writes the sRGB result as raw float32 and prints
 * one JSON line ({@code ms}: the enhancement alone, the fastest of {@code repeats} warm runs after one
 * warm-up run, as a worker runs warm; {@code peak_rss_mb}: VmHWM right after them).
 *
 * <p>{@code --dng F --model F --out F --tile N (0 = whole image) --overlap M --feather F --batch B --threads T --ratio R --repeats N}
 */
public final class TilingRun {

    private TilingRun() {
    }

    public static void main(String[] argv) throws IOException {
        Args args = new Args(argv, List.of("dng", "model", "out", "tile", "overlap", "feather", "batch", "threads", "ratio", "repeats", "spin"));
        int tile = args.getInt("tile", 0);
        TilingConfig tiling = tile == 0 ? TilingConfig.wholeImage()
                : new TilingConfig(tile, args.getInt("overlap", TilingConfig.DEFAULT_OVERLAP),
                        args.getInt("feather", TilingConfig.DEFAULT_FEATHER), args.getInt("batch", TilingConfig.DEFAULT_BATCH));
        SonyLikeFrame.Prepared frame = SonyLikeFrame.prepare(Files.readAllBytes(Path.of(args.get("dng", null))),
                (float) args.getDouble("ratio", 100));
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(args.getInt("threads", 0)).withSpinWait(args.getInt("spin", 1) != 0));
                EnhancerSession enhancer = engine.loadEnhancer(Path.of(args.get("model", null)))) {
            TiledEnhancer tiler = new TiledEnhancer(enhancer, tiling);
            PlanarImage rgb = tiler.enhance(frame.input()); // warm-up: a worker runs warm
            double ms = Double.MAX_VALUE;
            for (int i = 0, n = args.getInt("repeats", 2); i < n; i++) {
                long start = System.nanoTime();
                rgb = tiler.enhance(frame.input());
                ms = Math.min(ms, (System.nanoTime() - start) / 1e6);
            }
            NativeMemory memory = NativeMemory.now();
            PlanarImage srgb = frame.post().apply(rgb);
            write(srgb, Path.of(args.get("out", null)));
            System.out.println(new JsonLine().put("mode", tiling.isWholeImage() ? "whole" : "tiled").put("ms", ms)
                    .put("peak_rss_mb", memory.peakResidentMiB())
                    .put("area_ratio", tiler.plan(frame.input().height(), frame.input().width()).areaRatio())
                    .put("width", srgb.width()).put("height", srgb.height()));
        }
    }

    static void write(PlanarImage image, Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(image.data().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(image.data());
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        }
    }

    static float[] read(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(values);
        return values;
    }
}
