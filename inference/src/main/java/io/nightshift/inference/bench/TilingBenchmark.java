package io.nightshift.inference.bench;

import io.nightshift.inference.report.JsonLine;
import io.nightshift.inference.tiling.TilingConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code bench tiling}: tiled against whole-image enhancement of a 12 MP Sony-like frame (synthetic
 * scene through the RAW front end's DNG writer and LibRaw), each in its own child JVM for an honest
 * peak RSS. Compares the final sRGB outputs (after the contract's post-processing) and times the
 * enhancement alone (warm: the fastest of {@code repeats} runs after a warm-up run). Last stdout line: one JSON object with {@code time_ratio}, {@code max_abs_diff},
 * {@code area_ratio}, {@code tile}, {@code overlap}, {@code peak_rss_mb_tiled},
 * {@code peak_rss_mb_whole}, {@code target}, {@code pass}.
 *
 * <p>Options: {@code --tile N --overlap M --feather F --batch B --threads T --ratio R --repeats N --rounds K --model F.onnx | --widths a,b,c,d,e}
 * ({@code rounds} child JVMs per side, alternating whole and tiled; the fastest of each side counts;
 * the model: see {@code BenchModel}, by default the committed default model).
 */
public final class TilingBenchmark {

    static final double TARGET_MAX_ABS_DIFF = 1 / 255.0;
    static final double TARGET_TIME_RATIO = 1.15;
    static final String CHILD_HEAP = "-Xmx3g";

    private TilingBenchmark() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, List.of("tile", "overlap", "feather", "batch", "threads", "ratio", "model", "widths", "repeats", "rounds"));
        TilingConfig tiling = new TilingConfig(args.getInt("tile", TilingConfig.DEFAULT_TILE),
                args.getInt("overlap", TilingConfig.DEFAULT_OVERLAP), args.getInt("feather", TilingConfig.DEFAULT_FEATHER),
                args.getInt("batch", TilingConfig.DEFAULT_BATCH));
        int threads = args.getInt("threads", 0);
        String ratio = args.get("ratio", "100");
        BenchModel bench = BenchModel.choose(args);

        Path dir = Files.createTempDirectory("nightshift-bench-tiling");
        try {
            Path dng = dir.resolve("sony-like.dng");
            Path model = dir.resolve("enhancer.onnx");
            Files.write(dng, SonyLikeFrame.dng(7));
            Files.write(model, bench.onnx());
            System.out.println("input: synthetic " + SonyLikeFrame.WIDTH + "x" + SonyLikeFrame.HEIGHT
                    + " RGGB 14-bit DNG (black 512, white 16383) via the RAW front end's DngWriter and LibRaw; ratio " + ratio);
            System.out.println("model: " + bench.description());

            List<String> common = List.of("--dng", dng.toString(), "--model", model.toString(),
                    "--threads", Integer.toString(threads), "--ratio", ratio, "--repeats", args.get("repeats", "2"));
            // whole and tiled alternate over the rounds, so a burst of load on the shared machine hits both
            String whole = null;
            String tiled = null;
            for (int round = 0; round < args.getInt("rounds", 2); round++) {
                whole = better(whole, child(common, "--out", dir.resolve("whole.f32").toString(), "--tile", "0"));
                System.out.println("whole: " + whole);
                tiled = better(tiled, child(common, "--out", dir.resolve("tiled.f32").toString(),
                        "--tile", Integer.toString(tiling.tile()), "--overlap", Integer.toString(tiling.overlap()),
                        "--feather", Integer.toString(tiling.feather()), "--batch", Integer.toString(tiling.batch())));
                System.out.println("tiled: " + tiled);
            }

            float[] a = TilingRun.read(dir.resolve("whole.f32"));
            float[] b = TilingRun.read(dir.resolve("tiled.f32"));
            if (a.length != b.length) {
                throw new IllegalStateException("outputs differ in size: " + a.length + " vs " + b.length);
            }
            double maxDiff = 0;
            for (int i = 0; i < a.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
            }
            double timeRatio = JsonLine.number(tiled, "ms") / JsonLine.number(whole, "ms");
            boolean pass = maxDiff <= TARGET_MAX_ABS_DIFF && timeRatio <= TARGET_TIME_RATIO;
            System.out.println(new JsonLine()
                    .put("time_ratio", timeRatio)
                    .put("max_abs_diff", maxDiff)
                    .put("area_ratio", JsonLine.number(tiled, "area_ratio"))
                    .put("tile", tiling.tile())
                    .put("overlap", tiling.overlap())
                    .put("feather", tiling.feather())
                    .put("batch", tiling.batch())
                    .put("threads", threads)
                    .put("peak_rss_mb_tiled", JsonLine.number(tiled, "peak_rss_mb"))
                    .put("peak_rss_mb_whole", JsonLine.number(whole, "peak_rss_mb"))
                    .put("ms_tiled", JsonLine.number(tiled, "ms"))
                    .put("ms_whole", JsonLine.number(whole, "ms"))
                    .put("model", bench.description())
                    .put("input", "synthetic Sony-like DNG " + SonyLikeFrame.WIDTH + "x" + SonyLikeFrame.HEIGHT)
                    .put("target", new JsonLine().put("max_abs_diff", TARGET_MAX_ABS_DIFF).put("time_ratio", TARGET_TIME_RATIO))
                    .put("pass", pass));
        } finally {
            deleteTree(dir);
        }
    }

    /** The faster of two child results (peak RSS is the same work either way). */
    private static String better(String previous, String next) {
        return previous == null || JsonLine.number(next, "ms") < JsonLine.number(previous, "ms") ? next : previous;
    }

    /** Runs {@link TilingRun} in a child JVM on this class path; returns its last stdout line. */
    static String child(List<String> common, String... more) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add(CHILD_HEAP);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TilingRun.class.getName());
        command.addAll(common);
        command.addAll(List.of(more));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                last = line;
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || last == null) {
            throw new IllegalStateException("child run failed (exit " + rc + "): " + String.join(" ", command));
        }
        return last;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
