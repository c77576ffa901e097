package io.nightshift.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.EnhancerPrecision;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.pipeline.FrameEnhancer;
import io.nightshift.inference.ratio.RatioEstimator;
import io.nightshift.inference.ratio.RatioRange;
import io.nightshift.inference.registry.ModelLease;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.registry.ModelStore;
import io.nightshift.inference.registry.ModelSetFolder;
import io.nightshift.inference.tiling.TilingConfig;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.trainer.data.EvaluationScenes;
import io.nightshift.trainer.data.HeldOutSet;
import io.nightshift.trainer.data.HeldOutSetGenerator;
import io.nightshift.trainer.data.WholeFrames;
import io.nightshift.trainer.data.PhotoSources;
import io.nightshift.trainer.eval.Evaluation;
import io.nightshift.trainer.eval.HeadlineFigures;
import io.nightshift.trainer.eval.OracleRatio;
import io.nightshift.trainer.eval.Percentiles;
import io.nightshift.trainer.eval.SceneBootstrap;
import io.nightshift.trainer.eval.SeenSceneRatios;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Evaluates a model set (evaluation v3, issue 22):
 * {@code EvaluateCli [--models models/default] [--split heldout|validation|v2] [--set DIR] [--json]
 * [--update-manifest] [--as-is] [--seed N] [--packed 256] [--count N] [--whole-frames 24]
 * [--tune-denoise T,T,...] [--oracle O.onnx[,O2.onnx...]] [--log models/heldout-v3-evaluations.jsonl]}.
 *
 * <p>{@code heldout} (the default) is held-out v3, {@code validation} the split recipes are chosen on (both from
 * {@link EvaluationScenes}: photographs no model set has trained on), {@code v2} the earlier held-out set of the
 * wallpapers' {@link io.nightshift.trainer.data.SourceSplit} side (6 scenes; {@code --sources} picks its folders).
 * Each split's set (12 items per scene: 3 ratio bands × 4 CFA layouts, 256-pixel packed crops) lives under
 * {@code .nightshift/} and is generated when missing or stale (checked against its manifest: version, seed, size,
 * count, files); {@code --as-is} evaluates whatever complete set the folder holds. On held-out v3 it also makes
 * {@link WholeFrames} (6 MP frames, every layout, ratios 1–300) and runs them exactly as the worker does. The models
 * run through the worker's own code ({@link ModelRegistry} loading the folder as the worker does, {@link FrameEnhancer}
 * with the default tiling: thumb of the whole frame → ratio CNN, tiled U-Net). Headline figures carry scene-level
 * bootstrap 95 % intervals ({@link HeadlineFigures}); {@link SeenSceneRatios} adds the ratio errors on fresh frames of
 * the wallpapers' training-split scenes ({@code seen_scenes_*}). Every run on held-out v3 appends a line to
 * {@code --log} and reports how many there have been for this model set ({@code heldout_evaluations}): held-out v3 is
 * meant to be looked at once per candidate default set. {@code --tune-denoise} instead scores the denoised classical
 * baseline's LibRaw wavelet thresholds on the split (validation: that is where it is chosen) and needs no models.
 * {@code --oracle} (ratio CNNs trained by {@code TrainCli --only ratio --ratio-oracle on}, averaged as an ensemble)
 * also runs each whole frame at the {@link OracleRatio}'s ratio, read from its clean thumb: the PSNR the estimated
 * ratio loses is then reported beside the loss at the best ratio a thumb allows ({@code oracle_ratio_psnr_loss_db}).
 * Progress lines while it runs; the last line is one JSON object.
 */
public final class EvaluateCli {

    static final String[] BANDS = {"1-10", "10-100", "100-300"};
    /** Where held-out v3 runs are counted. */
    public static final Path DEFAULT_LOG = Path.of("models/heldout-v3-evaluations.jsonl");
    static final long HELDOUT_V3_SEED = 20261205L;
    static final long VALIDATION_SEED = 20261206L;
    /** Items per scene: 3 ratio bands × 4 CFA layouts. */
    static final int ITEMS_PER_SCENE = 12;

    /** Which set to evaluate on. */
    public enum Split {
        HELDOUT, VALIDATION, V2
    }

    /**
     * One run's settings.
     *
     * @param photos      the split's photographs (null: {@link EvaluationScenes#installed} for v3; v2 uses
     *                    {@code sources})
     * @param sources     the wallpaper folders: v2's sources and {@link SeenSceneRatios}' training-split scenes
     * @param count       set items (0: 12 per scene; v2: {@link HeldOutSet#DEFAULT_COUNT})
     * @param seed        the set's seed (0: the split's own)
     * @param wholeFrames whole-frame items (held-out v3 only)
     * @param frameHeight the whole frames' packing-crop height ({@link WholeFrames#HEIGHT}); tests make small ones
     * @param frameWidth  … and width
     * @param tuneDenoise thresholds to score instead of evaluating models (empty: evaluate)
     * @param log         held-out v3's run log (null: none kept)
     * @param oracle      the {@link OracleRatio}'s ratio CNNs, run on the whole frames (empty: none)
     */
    public record Options(Path models, Split split, Path set, List<Path> photos, List<Path> sources, boolean json,
            boolean update, boolean asIs, long seed, int packed, int count, int wholeFrames, int frameHeight,
            int frameWidth, double[] tuneDenoise, Path log, List<Path> oracle) {

        /** The defaults of {@code ./nightshift evaluate}. */
        public static Options defaults() {
            return new Options(Path.of("models/default"), Split.HELDOUT, null, null, PhotoSources.DEFAULT_FOLDERS,
                    false, false, false, 0, HeldOutSet.DEFAULT_PACKED, 0, WholeFrames.DEFAULT_COUNT, WholeFrames.HEIGHT,
                    WholeFrames.WIDTH, new double[0], DEFAULT_LOG, List.of());
        }

        Path setFolder() {
            if (set != null) {
                return set;
            }
            return switch (split) {
                case HELDOUT -> Path.of(".nightshift/eval-v3/heldout");
                case VALIDATION -> Path.of(".nightshift/eval-v3/validation");
                case V2 -> Path.of(".nightshift/held-out");
            };
        }
    }

    private EvaluateCli() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.defaults();
        Path models = o.models();
        Split split = o.split();
        Path set = null;
        List<Path> sources = o.sources();
        boolean asIs = false;
        boolean json = false;
        boolean update = false;
        long seed = 0;
        int packed = o.packed();
        int count = 0;
        int wholeFrames = -1;
        double[] tune = new double[0];
        Path log = o.log();
        List<Path> oracle = o.oracle();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--models" -> models = Path.of(value(args, ++i));
                case "--split" -> split = split(value(args, ++i));
                case "--set" -> set = Path.of(value(args, ++i));
                case "--sources" -> sources = PhotoSources.folders(value(args, ++i));
                case "--as-is" -> asIs = true;
                case "--json" -> json = true;
                case "--update-manifest" -> update = true;
                case "--seed" -> seed = Long.parseLong(value(args, ++i));
                case "--packed" -> packed = Integer.parseInt(value(args, ++i));
                case "--count" -> count = Integer.parseInt(value(args, ++i));
                case "--whole-frames" -> wholeFrames = Integer.parseInt(value(args, ++i));
                case "--tune-denoise" -> tune = Arrays.stream(value(args, ++i).split(","))
                        .mapToDouble(Double::parseDouble).toArray();
                case "--log" -> log = Path.of(value(args, ++i));
                case "--oracle" -> oracle = Arrays.stream(value(args, ++i).split(",")).map(Path::of).toList();
                default -> usage("unknown argument " + args[i]);
            }
        }
        Options options = new Options(models, split, set, null, sources, json, update, asIs, seed, packed, count,
                wholeFrames >= 0 ? wholeFrames : split == Split.HELDOUT ? WholeFrames.DEFAULT_COUNT : 0,
                o.frameHeight(), o.frameWidth(), tune, log, oracle);
        try {
            System.exit(run(options, System.out));
        } catch (IOException | RuntimeException e) {
            CliErrors.exit(e);
        }
    }

    /** The v2 evaluation as it was (kept for the tests and scripts that call it). */
    static int run(Path models, Path set, List<Path> sources, boolean json, boolean update, boolean asIs, long seed,
            int packed, int count, PrintStream log) throws IOException {
        Options d = Options.defaults();
        return run(new Options(models, Split.V2, set, null, sources, json, update, asIs, seed, packed, count, 0,
                d.frameHeight(), d.frameWidth(), new double[0], null, List.of()), log);
    }

    /** Evaluates (or tunes) and prints; returns the exit status. */
    public static int run(Options o, PrintStream log) throws IOException {
        long t0 = System.nanoTime();
        requireWholeFramesForOracle(o);
        Path set = o.setFolder();
        List<Path> photos = prepare(o, set, log);
        if (o.tuneDenoise().length > 0) {
            return tuneDenoise(o, set, log, t0);
        }
        Measured m = measure(o, set, photos, log, registry -> registry.loadFolder(o.models()));
        List<Evaluation.ItemResult> results = m.items();
        List<Evaluation.ItemResult> whole = m.wholeFrames();
        SeenSceneRatios.Errors seen = m.seen();
        ModelSetManifest manifest = m.manifest();
        Map<String, Object> out = summary(results);
        Map<String, Object> sid = castMap(((Map<?, ?>) out.get("bands")).get("100-300"));
        HeadlineFigures headline = new HeadlineFigures(results, whole);
        Map<String, SceneBootstrap.Interval> figures = headline.values();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("split", o.split().name().toLowerCase(Locale.ROOT));
        for (String k : HeadlineFigures.KEYS) {
            SceneBootstrap.Interval v = figures.get(k);
            line.put(k, v == null ? null : round(v.value(), k.startsWith("ssim") ? 4 : 3));
            if (k.equals("psnr_gain_db")) {
                line.put("psnr_gain_ci_low_db", v == null ? null : round(v.low(), 3));
                line.put("psnr_gain_ci_high_db", v == null ? null : round(v.high(), 3));
            }
        }
        Map<String, Object> intervals = new LinkedHashMap<>();
        figures.forEach((k, v) -> intervals.put(k, Arrays.asList(round(v.low(), 3), round(v.high(), 3))));
        line.put("ci95", intervals);
        line.put("scenes", results.stream().map(Evaluation.ItemResult::scene).distinct().count());
        line.put("items", results.size());
        line.put("whole_frame_items", whole.size());
        line.put("whole_frame_scenes", whole.stream().map(Evaluation.ItemResult::scene).distinct().count());
        for (String k : new String[] {"psnr_net_db", "psnr_classical_db", "ssim_net", "ssim_classical"}) {
            line.put(k, sid.get(k));
        }
        line.put("psnr_denoised_classical_db", sid.get("psnr_denoised_classical_db"));
        line.put("denoise_threshold", Evaluation.DENOISE_THRESHOLD);
        for (String k : new String[] {"heuristic_median_stops", "heuristic_p90_stops"}) {
            line.put(k, out.get(k));
        }
        // no sources (Options.sources empty): no training-split frames to measure, so these figures are null
        double[] seenCnn = seen == null ? new double[0] : seen.cnn();
        double[] seenHeuristic = seen == null ? new double[0] : seen.heuristic();
        line.put("seen_scenes_ratio_median_stops", round(quantile(seenCnn, 0.5), 3));
        line.put("seen_scenes_ratio_p90_stops", round(quantile(seenCnn, 0.9), 3));
        line.put("seen_scenes_heuristic_median_stops", round(quantile(seenHeuristic, 0.5), 3));
        line.put("seen_scenes_heuristic_p90_stops", round(quantile(seenHeuristic, 0.9), 3));
        line.put("bands", out.get("bands"));
        line.put("model_set", manifest.setVersion());
        line.put("oracle", o.oracle().isEmpty() ? null : o.oracle().stream().map(Path::toString).toList());
        line.put("enhancer_precision", "fp32");
        line.put("set", set.toString());
        if (o.split() == Split.HELDOUT && o.log() != null) {
            line.put("heldout_evaluations", countRun(o.log(), manifest.setVersion(), o.models(), line));
        }
        line.put("seconds", round((System.nanoTime() - t0) / 1e9, 1));
        if (!o.json()) {
            printTable(log, out, line, figures, seenCnn.length);
        }
        if (o.update()) {
            writeManifest(o.models(), manifest, line, log);
        }
        log.println(new ObjectMapper().writeValueAsString(line));
        return 0;
    }

    /**
     * An oracle runs on whole frames only: refused where none would be measured, rather than ignored (checked by
     * {@link #run} before the split is prepared and by every {@code measure}).
     */
    static void requireWholeFramesForOracle(Options o) {
        if (o.oracle().isEmpty()) {
            return;
        }
        if (o.tuneDenoise().length > 0) {
            throw new IllegalArgumentException("--oracle runs the models on whole frames; --tune-denoise runs none");
        }
        if (o.split() == Split.V2 || o.wholeFrames() == 0) {
            throw new IllegalArgumentException("--oracle runs on whole frames, and this run has none"
                    + (o.split() == Split.V2 ? " (--split v2 has no whole frames)" : ": add --whole-frames N"));
        }
    }

    /**
     * What one model set scored on a split's items (and whole frames, where asked): the set's manifest, each item's
     * result, each whole frame's, and the ratio errors on the training split's scenes (null without
     * {@code Options.sources}).
     */
    public record Measured(ModelSetManifest manifest, List<Evaluation.ItemResult> items,
                           List<Evaluation.ItemResult> wholeFrames, SeenSceneRatios.Errors seen) {
    }

    /** Runs the set of {@code o.models()} over the split's items, as {@link #run} reports them. */
    public static Measured measure(Options o, PrintStream log) throws IOException {
        Path set = o.setFolder();
        return measure(o, set, prepare(o, set, log), log, registry -> registry.loadFolder(o.models()));
    }

    /**
     * The same for the set whose manifest is {@code manifestKey} in {@code store} (a published set, fetched and checked
     * by the registry as a worker loads it); {@code o.models()} is not read.
     */
    public static Measured measure(Options o, ModelStore store, String manifestKey, PrintStream log)
            throws IOException {
        Path set = o.setFolder();
        return measure(o, set, prepare(o, set, log), log, registry -> registry.load(store, manifestKey));
    }

    private static Measured measure(Options o, Path set, List<Path> photos, PrintStream log,
                                    java.util.function.Function<ModelRegistry, ModelSetManifest> load)
            throws IOException {
        requireWholeFramesForOracle(o);
        List<HeldOutSet.Entry> entries = HeldOutSet.entries(set);
        List<Evaluation.ItemResult> results = new ArrayList<>();
        List<Evaluation.ItemResult> whole = new ArrayList<>();
        SeenSceneRatios.Errors seen;
        ModelSetManifest manifest;
        // FP32, the sets' reference precision: a CPU worker's `auto` races INT8 against FP32 on its warm-up tile, which
        // would make the figures depend on the machine's load at that moment (INT8 is measured by bench engine --int8)
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu().withSpinWait(false)
                .withPrecision(EnhancerPrecision.FP32));
                ModelRegistry registry = new ModelRegistry(engine)) {
            manifest = load.apply(registry);
            try (ModelLease lease = registry.acquire()) {
                FrameEnhancer enhancer = new FrameEnhancer(lease.enhancer(),
                        new RatioEstimator(lease.ratio(), RatioRange.DEFAULT), TilingConfig.defaults());
                try (Evaluation evaluation = new Evaluation(enhancer);
                        OracleRatio oracle = o.oracle().isEmpty() ? null : OracleRatio.load(engine, o.oracle())) {
                    long started = System.nanoTime();
                    for (int i = 0; i < entries.size(); i++) {
                        Evaluation.ItemResult r = evaluation.measure(set, entries.get(i));
                        results.add(r);
                        if (!o.json() || (i + 1) % 24 == 0 || i + 1 == entries.size()) {
                            log.printf(Locale.ROOT, "item %3d/%d %-28s ratio %6.1f  net %5.2f dB  classical %5.2f dB"
                                            + "  denoised %5.2f dB  estimated ratio %6.1f  (%.0f s)%n",
                                    i + 1, entries.size(), r.entry().dng(), r.entry().ratio(), r.psnrNet(),
                                    r.psnrClassical(), r.psnrDenoised(), r.ratioEstimated(),
                                    (System.nanoTime() - started) / 1e9);
                        }
                    }
                    if (o.wholeFrames() > 0) {
                        WholeFrames frames = wholeFrames(o, photos);
                        for (int i = 0; i < frames.count(); i++) {
                            WholeFrames.Item item = frames.item(i);
                            HeldOutSet.Entry entry = new HeldOutSet.Entry(item.name(), "(in memory)",
                                    item.layout().name(), item.ratio(), item.band(), item.scene());
                            Evaluation.ItemResult r = evaluation.measure(item.frame().dng(), item.frame().target(), entry,
                                    oracle);
                            whole.add(r);
                            log.printf(Locale.ROOT, "whole frame %2d/%d %s (%s, %d×%d) ratio %7.2f estimated %7.2f  "
                                            + "net %5.2f dB, estimated ratio %5.2f dB, compensated %5.2f dB%s  (%.0f s)%n",
                                    i + 1, frames.count(), item.name(), item.scene(), item.frame().crop().width(),
                                    item.frame().crop().height(), item.ratio(), r.ratioEstimated(), r.psnrNet(),
                                    r.psnrEstimated(), r.psnrCompensated(), oracleNote(r),
                                    (System.nanoTime() - started) / 1e9);
                        }
                    }
                }
                seen = o.sources().isEmpty() ? null
                        : SeenSceneRatios.measure(o.sources(), lease.ratio(), RatioRange.DEFAULT);
            }
        }
        return new Measured(manifest, results, whole, seen);
    }

    /** The oracle's part of a whole frame's progress line (empty without one). */
    private static String oracleNote(Evaluation.ItemResult r) {
        return r.hasOracle() ? String.format(Locale.ROOT, ", oracle's ratio %.2f %5.2f dB", r.ratioOracle(),
                r.psnrOracle()) : "";
    }

    /** Makes sure the split's set is in {@code set} (generating it when missing or stale); the split's photographs. */
    static List<Path> prepare(Options o, Path set, PrintStream log) throws IOException {
        long t0 = System.nanoTime();
        if (o.split() == Split.V2) {
            int count = o.count() > 0 ? o.count() : HeldOutSet.DEFAULT_COUNT;
            long seed = o.seed() != 0 ? o.seed() : HeldOutSet.DEFAULT_SEED;
            Optional<String> mismatch = HeldOutSet.mismatch(set, seed, o.packed(), count);
            if (o.asIs()) {
                log.println("held-out set: " + set + " as it is" + mismatch.map(m -> " (" + m + ")").orElse(""));
            } else if (mismatch.isPresent()) {
                log.println("held-out set: " + mismatch.get() + "; generating it into " + set + " from " + o.sources());
                HeldOutSet.Generated g = HeldOutSet.generate(o.sources(), set, seed, o.packed(), count);
                log.printf(Locale.ROOT, "held-out set: %d items from %d held-out of %d sources in %.0f s%n",
                        g.items().size(), g.heldOutSources(), g.sources(), (System.nanoTime() - t0) / 1e9);
            }
            return List.of();
        }
        List<Path> photos = o.photos() != null ? o.photos()
                : EvaluationScenes.installed(Path.of(".nightshift/eval-v3/photos"))
                        .photos(o.split() == Split.HELDOUT ? EvaluationScenes.Split.HELDOUT
                                : EvaluationScenes.Split.VALIDATION);
        int count = o.count() > 0 ? o.count() : ITEMS_PER_SCENE * photos.size();
        long seed = o.seed() != 0 ? o.seed() : o.split() == Split.HELDOUT ? HELDOUT_V3_SEED : VALIDATION_SEED;
        String name = o.split().name().toLowerCase(Locale.ROOT);
        Optional<String> mismatch = HeldOutSet.mismatch(set, seed, o.packed(), count, HeldOutSetGenerator.VERSION_3);
        if (o.asIs()) {
            log.println(name + " set: " + set + " as it is" + mismatch.map(m -> " (" + m + ")").orElse(""));
        } else if (mismatch.isPresent()) {
            log.println(name + " set: " + mismatch.get() + "; generating it into " + set + " from " + photos.size()
                    + " photographs");
            List<io.nightshift.trainer.data.HeldOutItem> items = HeldOutSet.generate(photos, name, set, seed,
                    o.packed(), count);
            log.printf(Locale.ROOT, "%s set: %d items from %d scenes in %.0f s%n", name, items.size(), photos.size(),
                    (System.nanoTime() - t0) / 1e9);
        }
        return photos;
    }

    private static WholeFrames wholeFrames(Options o, List<Path> photos) {
        if (o.frameHeight() == WholeFrames.HEIGHT && o.frameWidth() == WholeFrames.WIDTH) {
            return WholeFrames.of(photos, WholeFrames.DEFAULT_SEED, o.wholeFrames());
        }
        return new WholeFrames(photos, WholeFrames.DEFAULT_SEED, o.wholeFrames(), o.frameHeight(), o.frameWidth());
    }

    /**
     * Scores the classical baseline with LibRaw's wavelet denoising at each threshold on the set's items: mean PSNR
     * per band with its scene interval; the best threshold at 100–300 (the headline band) and overall.
     */
    private static int tuneDenoise(Options o, Path set, PrintStream log, long t0) throws IOException {
        List<HeldOutSet.Entry> entries = HeldOutSet.entries(set);
        Map<String, Object> byThreshold = new LinkedHashMap<>();
        double bestHigh = Double.NaN;
        double bestHighPsnr = Double.NEGATIVE_INFINITY;
        double bestAll = Double.NaN;
        double bestAllPsnr = Double.NEGATIVE_INFINITY;
        try (Evaluation evaluation = new Evaluation(null, 0)) {
            for (double t : o.tuneDenoise()) {
                double[] psnr = new double[entries.size()];
                for (int i = 0; i < entries.size(); i++) {
                    psnr[i] = evaluation.classicalPsnr(set, entries.get(i), t);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                double all = Arrays.stream(psnr).average().orElse(Double.NaN);
                for (String b : BANDS) {
                    List<Integer> in = new ArrayList<>();
                    for (int i = 0; i < entries.size(); i++) {
                        if (entries.get(i).band().equals(b)) {
                            in.add(i);
                        }
                    }
                    if (in.isEmpty()) {
                        continue;
                    }
                    SceneBootstrap.Interval v = SceneBootstrap.mean(in, i -> entries.get(i).source(), i -> psnr[i]);
                    m.put(b, Arrays.asList(round(v.value(), 3), round(v.low(), 3), round(v.high(), 3)));
                    if (b.equals("100-300") && v.value() > bestHighPsnr) {
                        bestHighPsnr = v.value();
                        bestHigh = t;
                    }
                }
                m.put("all", round(all, 3));
                if (all > bestAllPsnr) {
                    bestAllPsnr = all;
                    bestAll = t;
                }
                byThreshold.put(String.valueOf(t), m);
                log.printf(Locale.ROOT, "denoise threshold %6.0f: classical PSNR by band (mean, 95 %% interval) %s; all %.3f dB"
                        + "  (%.0f s)%n", t, m, all, (System.nanoTime() - t0) / 1e9);
            }
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("split", o.split().name().toLowerCase(Locale.ROOT));
        line.put("items", entries.size());
        line.put("scenes", entries.stream().map(HeldOutSet.Entry::source).distinct().count());
        line.put("psnr_classical_denoised_db", byThreshold);
        line.put("best_threshold_100_300", bestHigh);
        line.put("best_threshold_all", bestAll);
        line.put("seconds", round((System.nanoTime() - t0) / 1e9, 1));
        log.println(new ObjectMapper().writeValueAsString(line));
        return 0;
    }

    /**
     * Appends this held-out v3 run to {@code log} and returns how many runs of this model set (by set version) it
     * now holds, this one included.
     */
    static long countRun(Path log, String setVersion, Path models, Map<String, Object> line) throws IOException {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("at", Instant.now().toString());
        entry.put("model_set", setVersion);
        entry.put("models", models.toString());
        entry.put("psnr_gain_db", line.get("psnr_gain_db"));
        entry.put("ratio_whole_frame_median_stops", line.get("ratio_whole_frame_median_stops"));
        if (log.getParent() != null) {
            Files.createDirectories(log.getParent());
        }
        Files.writeString(log, new ObjectMapper().writeValueAsString(entry) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ObjectMapper mapper = new ObjectMapper();
        long n = 0;
        for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (!l.isBlank() && mapper.readTree(l).path("model_set").asText().equals(setVersion)) {
                n++;
            }
        }
        return n;
    }

    private static void printTable(PrintStream log, Map<String, Object> out, Map<String, Object> line,
            Map<String, SceneBootstrap.Interval> figures, int seenFrames) {
        log.println("band      items  net dB  classical dB  denoised dB  gain dB  SSIM net  SSIM classical  est.-ratio dB");
        for (String b : BANDS) {
            Map<String, Object> m = castMap(((Map<?, ?>) out.get("bands")).get(b));
            log.printf(Locale.ROOT, "%-9s %5s  %6s  %12s  %11s  %7s  %8s  %14s  %13s%n", b, m.get("items"),
                    m.get("psnr_net_db"), m.get("psnr_classical_db"), m.get("psnr_denoised_classical_db"),
                    m.get("psnr_gain_db"), m.get("ssim_net"), m.get("ssim_classical"), m.get("psnr_estimated_ratio_db"));
        }
        log.printf(Locale.ROOT, "headline figures (%s scenes, %s whole frames; scene-bootstrap 95 %% intervals):%n",
                line.get("scenes"), line.get("whole_frame_items"));
        figures.forEach((k, v) -> log.printf(Locale.ROOT, "  %-42s %8.3f  [%.3f, %.3f]%n", k, v.value(), v.low(),
                v.high()));
        log.printf(Locale.ROOT, "ratio error on %d fresh frames of the training-split scenes (SeenSceneRatios): "
                + "CNN median %s p90 %s; heuristic median %s p90 %s%n", seenFrames,
                line.get("seen_scenes_ratio_median_stops"), line.get("seen_scenes_ratio_p90_stops"),
                line.get("seen_scenes_heuristic_median_stops"), line.get("seen_scenes_heuristic_p90_stops"));
    }

    private static void writeManifest(Path models, ModelSetManifest manifest, Map<String, Object> line,
            PrintStream log) throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>(manifest.metrics());
        // the oracle's figures describe the oracle run beside the set, not the set: not kept in its manifest
        line.forEach((k, v) -> {
            if (v instanceof Number n && !k.equals("items") && !k.equals("seconds")
                    && !HeadlineFigures.ORACLE_KEYS.contains(k)) {
                metrics.put(k, n.doubleValue());
            }
        });
        // the FP16 enhancer the manifest names, or an older folder's unnamed one beside it, stays in the set
        Path fp16 = models.resolve(manifest.enhancerFp16() != null ? manifest.enhancerFp16().key()
                : ModelSetFolder.ENHANCER_FP16_FILE);
        ModelSetFolder.write(models, manifest.setVersion(), Files.readAllBytes(models.resolve(manifest.enhancer().key())),
                Files.isRegularFile(fp16) ? Files.readAllBytes(fp16) : null,
                Files.readAllBytes(models.resolve(manifest.ratioEstimator().key())), metrics, manifest.data(),
                manifest.command());
        log.println("wrote the figures into " + models.resolve(ModelRegistry.MANIFEST));
    }

    /** Per-band and overall figures; PSNR and SSIM are means over items, ratio errors medians and 90th percentiles. */
    static Map<String, Object> summary(List<Evaluation.ItemResult> results) {
        Map<String, Object> bands = new LinkedHashMap<>();
        for (String b : BANDS) {
            List<Evaluation.ItemResult> in = results.stream().filter(r -> r.entry().band().equals(b)).toList();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("items", in.size());
            double net = mean(in, Evaluation.ItemResult::psnrNet);
            double classical = mean(in, Evaluation.ItemResult::psnrClassical);
            m.put("psnr_net_db", round(net, 2));
            m.put("psnr_classical_db", round(classical, 2));
            m.put("psnr_gain_db", round(net - classical, 2));
            m.put("psnr_denoised_classical_db", round(mean(in, Evaluation.ItemResult::psnrDenoised), 2));
            m.put("ssim_net", round(mean(in, Evaluation.ItemResult::ssimNet), 4));
            m.put("ssim_classical", round(mean(in, Evaluation.ItemResult::ssimClassical), 4));
            m.put("psnr_estimated_ratio_db", round(mean(in, Evaluation.ItemResult::psnrEstimated), 2));
            m.put("psnr_exposure_compensated_db", round(mean(in, Evaluation.ItemResult::psnrCompensated), 2));
            m.put("ratio_median_stops", round(quantile(in, Evaluation.ItemResult::ratioError, 0.5), 3));
            m.put("heuristic_median_stops", round(quantile(in, Evaluation.ItemResult::heuristicError, 0.5), 3));
            bands.put(b, m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ratio_median_stops", round(quantile(results, Evaluation.ItemResult::ratioError, 0.5), 3));
        out.put("ratio_p90_stops", round(quantile(results, Evaluation.ItemResult::ratioError, 0.9), 3));
        out.put("heuristic_median_stops", round(quantile(results, Evaluation.ItemResult::heuristicError, 0.5), 3));
        out.put("heuristic_p90_stops", round(quantile(results, Evaluation.ItemResult::heuristicError, 0.9), 3));
        out.put("bands", bands);
        return out;
    }

    static double mean(List<Evaluation.ItemResult> in, ToDoubleFunction<Evaluation.ItemResult> f) {
        return in.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    /** Linear-interpolated quantile (numpy's default). */
    static double quantile(List<Evaluation.ItemResult> in, ToDoubleFunction<Evaluation.ItemResult> f, double q) {
        return quantile(in.stream().mapToDouble(f).toArray(), q);
    }

    static double quantile(double[] values, double q) {
        return Percentiles.of(values, q);
    }

    private static Object round(double v, int digits) {
        if (!Double.isFinite(v)) {
            return null;
        }
        double s = Math.pow(10, digits);
        return Math.round(v * s) / s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    private static Split split(String name) {
        for (Split s : Split.values()) {
            if (s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        usage("--split takes heldout, validation or v2, not " + name);
        return Split.HELDOUT;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage("missing value after " + args[i - 1]);
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: EvaluateCli [--models DIR] [--split heldout|validation|v2] [--set DIR] "
                + "[--sources DIR[,DIR...]] [--json] [--update-manifest] [--as-is] [--seed N] [--packed N] [--count N] "
                + "[--whole-frames N] [--tune-denoise T,T,...] [--oracle O.onnx[,O2.onnx...]] [--log FILE]");
        System.exit(2);
    }
}
