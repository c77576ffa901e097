package io.nightshift.inference.cli;

import io.nightshift.inference.report.JsonLine;
import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.post.FrameWindow;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.output.ImageEncoder;
import io.nightshift.inference.output.LinearDngEncoder;
import io.nightshift.inference.output.OutputMetadata;
import io.nightshift.inference.pipeline.EnhancedFrame;
import io.nightshift.inference.pipeline.FrameEnhancer;
import io.nightshift.inference.pipeline.LinearFrame;
import io.nightshift.inference.ratio.RatioDecision;
import io.nightshift.inference.ratio.RatioEstimator;
import io.nightshift.inference.ratio.RatioRange;
import io.nightshift.inference.registry.ModelLease;
import io.nightshift.inference.registry.ModelLoadException;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.registry.RandomModelSet;
import io.nightshift.inference.tiling.TilingConfig;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.protocol.Stage;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.RawException;
import io.nightshift.raw.decode.RawDecoder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code enhance} on the command line:
 *
 * <pre>
 * enhance IN.raw OUT.(png|tif|jpg|dng) [--ratio R] [--models DIR] [--tile N] [--overlap M] [--threads T] [--verbose]
 * make-test-set DIR [--seed S]      (writes a RANDOM-WEIGHT model set: for trying things, it does not enhance)
 * </pre>
 *
 * {@code enhance} decodes with the RAW front end, loads the model set in {@code DIR/manifest.json}
 * (default {@code $NIGHTSHIFT_MODELS}) through the {@link ModelRegistry}, runs {@link FrameEnhancer},
 * writes the output with {@link ImageEncoder} (format from the extension: 16-bit PNG, 16-bit TIFF,
 * 8-bit JPEG) or, for {@code .dng}, the enhancer's linear result with {@link LinearDngEncoder} (no sRGB
 * post-processing; {@code width} and {@code height} are the size an editor shows), and prints one JSON
 * line last on stdout: {@code ratio}, {@code ratio_source}, {@code model_set}, {@code ms} keyed by the
 * protocol's stage names, and a few more. The leading
 * {@code enhance} word is optional. Bad input exits 1 with one {@code error:} line on stderr; bad usage 2.
 */
public final class EnhanceCli {

    static final int OK = 0;
    static final int BAD_INPUT = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: enhance IN.raw OUT.(png|tif|jpg|dng) [--ratio R] [--models DIR] [--tile N] [--overlap M] [--threads T] [--verbose]
                   make-test-set DIR [--seed S]   (RANDOM WEIGHTS: a test model set that does not enhance)""";

    private final PrintStream out;
    private final PrintStream err;

    EnhanceCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Held so the level sticks (JDK loggers are weakly referenced). */
    private static java.util.logging.Logger projectLogger;

    public static void main(String[] args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        if (!verbose) {
            // one line on failure: the engine's and registry's log records would repeat what the error line says
            projectLogger = java.util.logging.Logger.getLogger("io.nightshift");
            projectLogger.setLevel(java.util.logging.Level.OFF);
        }
        System.exit(new EnhanceCli(System.out, System.err).run(
                Arrays.stream(args).filter(a -> !a.equals("--verbose")).toArray(String[]::new)));
    }

    int run(String[] args) {
        try {
            if (args.length > 0 && args[0].equals("make-test-set")) {
                return makeTestSet(Arrays.copyOfRange(args, 1, args.length));
            }
            if (args.length > 0 && args[0].equals("enhance")) {
                args = Arrays.copyOfRange(args, 1, args.length);
            }
            return enhance(args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        } catch (NoSuchFileException e) {
            err.println("error: no such file: " + e.getFile());
            return BAD_INPUT;
        } catch (RawException | ModelLoadException e) {
            err.println("error: " + e.getMessage());
            return BAD_INPUT;
        } catch (IOException | RuntimeException e) {
            err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return BAD_INPUT;
        }
    }

    private int makeTestSet(String[] args) throws IOException {
        Path dir = null;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--seed")) {
                seed = parseLong("--seed", value(args, ++i, "--seed"));
            } else if (args[i].startsWith("--") || dir != null) {
                throw new UsageException("make-test-set: unexpected argument '" + args[i] + "'");
            } else {
                dir = Path.of(args[i]);
            }
        }
        if (dir == null) {
            throw new UsageException("make-test-set: missing DIR");
        }
        ModelSetManifest manifest = RandomModelSet.write(dir, seed, "EnhanceCli make-test-set " + dir + " --seed " + seed);
        err.println("wrote a RANDOM-WEIGHT test model set (it does not enhance) to " + dir.toAbsolutePath());
        out.println(new JsonLine().put("model_set", manifest.setVersion()).put("dir", dir.toAbsolutePath().toString())
                .put("random_weights", true));
        return OK;
    }

    private int enhance(String[] args) throws IOException {
        Path in = null;
        Path outFile = null;
        OptionalDouble ratio = OptionalDouble.empty();
        String models = System.getenv("NIGHTSHIFT_MODELS");
        int tile = TilingConfig.DEFAULT_TILE;
        int overlap = TilingConfig.DEFAULT_OVERLAP;
        int threads = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--ratio" -> {
                    double r = parseDouble("--ratio", value(args, ++i, a));
                    if (!(r > 0) || !Double.isFinite(r)) {
                        throw new UsageException("--ratio must be a positive number, got " + args[i]);
                    }
                    ratio = OptionalDouble.of(r);
                }
                case "--models" -> models = value(args, ++i, a);
                case "--tile" -> tile = parseInt(a, value(args, ++i, a));
                case "--overlap" -> overlap = parseInt(a, value(args, ++i, a));
                case "--threads" -> threads = parseInt(a, value(args, ++i, a));
                default -> {
                    if (a.startsWith("--")) {
                        throw new UsageException("unknown option '" + a + "'");
                    } else if (in == null) {
                        in = Path.of(a);
                    } else if (outFile == null) {
                        outFile = Path.of(a);
                    } else {
                        throw new UsageException("unexpected argument '" + a + "'");
                    }
                }
            }
        }
        if (in == null || outFile == null) {
            throw new UsageException("missing " + (in == null ? "IN" : "OUT"));
        }
        if (models == null || models.isBlank()) {
            throw new UsageException("no model set: pass --models DIR (a folder with manifest.json; "
                    + "make-test-set DIR writes a random-weight one)");
        }
        OutputFormat format = formatOf(outFile);
        TilingConfig tiling;
        try {
            int feather = Math.min(TilingConfig.DEFAULT_FEATHER, overlap);
            tiling = new TilingConfig(tile, overlap, feather, TilingConfig.DEFAULT_BATCH);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (threads < 0) {
            throw new UsageException("--threads must be ≥ 0, got " + threads);
        }
        Path modelDir = Path.of(models);
        if (!Files.isRegularFile(modelDir.resolve(ModelRegistry.MANIFEST))) {
            throw new NoSuchFileException(modelDir.resolve(ModelRegistry.MANIFEST).toString());
        }

        long start = System.nanoTime();
        Map<Stage, Long> ms = new EnumMap<>(Stage.class);
        long t = System.nanoTime();
        byte[] rawBytes = Files.readAllBytes(in);
        DecodedRaw raw;
        try (RawDecoder decoder = new RawDecoder()) {
            raw = decoder.decode(rawBytes);
        }
        ms.put(Stage.DECODE, (System.nanoTime() - t) / 1_000_000);

        long loadStart = System.nanoTime();
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu(threads).withSpinWait(false));
                ModelRegistry registry = new ModelRegistry(engine, Math.min(tiling.tile(), 256))) {
            registry.loadFolder(modelDir);
            long loadMs = (System.nanoTime() - loadStart) / 1_000_000;
            try (ModelLease lease = registry.acquire()) {
                FrameEnhancer frames = new FrameEnhancer(lease.enhancer(),
                        new RatioEstimator(lease.ratio(), RatioRange.DEFAULT), tiling);
                RatioDecision decision;
                byte[] encoded;
                int width;
                int height;
                if (format == OutputFormat.DNG) {
                    LinearFrame frame = frames.enhanceLinear(raw, ratio);
                    ms.putAll(frame.stageMs());
                    decision = frame.ratio();
                    t = System.nanoTime();
                    FrameWindow window = frame.post().frame();
                    encoded = LinearDngEncoder.encode(frame.rgb(), window, raw.metadata(),
                            outputMetadata(raw, lease, decision));
                    width = frame.post().orientation().outputWidth(window.height(), window.width());
                    height = frame.post().orientation().outputHeight(window.height(), window.width());
                } else {
                    EnhancedFrame frame = frames.enhance(raw, ratio);
                    ms.putAll(frame.stageMs());
                    decision = frame.ratio();
                    t = System.nanoTime();
                    PlanarImage srgb = frame.srgb();
                    encoded = ImageEncoder.encode(srgb, format, outputMetadata(raw, lease, decision));
                    width = srgb.width();
                    height = srgb.height();
                }
                Path parent = outFile.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.write(outFile, encoded);
                ms.put(Stage.ENCODE, (System.nanoTime() - t) / 1_000_000);

                JsonLine timings = new JsonLine();
                ms.forEach((stage, v) -> timings.put(stage.wireName(), v));
                out.println(new JsonLine()
                        .put("ratio", decision.ratio())
                        .put("ratio_source", decision.source().wireName())
                        .put("model_set", lease.version())
                        .put("ms", timings)
                        .put("load_ms", loadMs)
                        .put("total_ms", (System.nanoTime() - start) / 1_000_000)
                        .put("in", in.toString())
                        .put("out", outFile.toString())
                        .put("format", format.wireName())
                        .put("width", width)
                        .put("height", height)
                        .put("bytes", encoded.length)
                        .put("tile", tiling.tile())
                        .put("overlap", tiling.overlap()));
            }
        }
        return OK;
    }

    private static OutputMetadata outputMetadata(DecodedRaw raw, ModelLease lease, RatioDecision decision) {
        return OutputMetadata.of(raw.capture(), lease.version(), decision.ratio(), decision.source().wireName());
    }

    static OutputFormat formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return OutputFormat.PNG16;
        }
        if (name.endsWith(".tif") || name.endsWith(".tiff")) {
            return OutputFormat.TIFF16;
        }
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return OutputFormat.JPEG;
        }
        if (name.endsWith(".dng")) {
            return OutputFormat.DNG;
        }
        throw new UsageException("OUT must end in .png, .tif, .jpg or .dng: " + file);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static int parseInt(String option, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs an integer, got '" + v + "'");
        }
    }

    private static long parseLong(String option, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs an integer, got '" + v + "'");
        }
    }

    private static double parseDouble(String option, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a number, got '" + v + "'");
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
