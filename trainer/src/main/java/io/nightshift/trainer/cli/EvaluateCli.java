package io.nightshift.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.pipeline.FrameEnhancer;
import io.nightshift.inference.ratio.RatioEstimator;
import io.nightshift.inference.ratio.RatioRange;
import io.nightshift.inference.registry.ModelLease;
import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.inference.registry.ModelSetFolder;
import io.nightshift.inference.tiling.TilingConfig;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.trainer.data.HeldOutSet;
import io.nightshift.trainer.data.PhotoSources;
import io.nightshift.trainer.eval.Evaluation;
import io.nightshift.trainer.eval.Percentiles;
import io.nightshift.trainer.eval.SeenSceneRatios;
import java.io.IOException;
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
 * Evaluates a model set on the fixed held-out set:
 * {@code EvaluateCli [--models models/default] [--set .nightshift/held-out] [--sources DIR[,DIR...]] [--json]
 * [--update-manifest] [--as-is] [--seed 20261126] [--packed 256] [--count 72]}. When the set folder lacks the set
 * this version generates (checked against its manifest: version, seed, size, count, files), it is generated first
 * from the held-out sources ({@link PhotoSources#DEFAULT_FOLDERS} unless {@code --sources}); {@code --as-is}
 * evaluates whatever complete set the folder holds instead (e.g. one of an earlier set version, for comparisons).
 * The models run through the worker's own code ({@link ModelRegistry} loading the folder as the worker does,
 * {@link FrameEnhancer} with the default tiling). Beside the held-out figures, {@link SeenSceneRatios} compares the ratio CNN and the
 * heuristic on fresh frames of the training-split scenes of {@code --sources} ({@code seen_scenes_*} keys). Prints a
 * table per ratio band for the operator (unless {@code --json}) and, last, one JSON line; {@code --update-manifest}
 * writes the figures into the model set's manifest.
 */
public final class EvaluateCli {

    static final String[] BANDS = {"1-10", "10-100", "100-300"};

    private EvaluateCli() {
    }

    public static void main(String[] args) throws Exception {
        Path models = Path.of("models/default");
        Path set = Path.of(".nightshift/held-out");
        List<Path> sources = PhotoSources.DEFAULT_FOLDERS;
        boolean asIs = false;
        boolean json = false;
        boolean update = false;
        long seed = HeldOutSet.DEFAULT_SEED;
        int packed = HeldOutSet.DEFAULT_PACKED;
        int count = HeldOutSet.DEFAULT_COUNT;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--models" -> models = Path.of(value(args, ++i));
                case "--set" -> set = Path.of(value(args, ++i));
                case "--sources" -> sources = PhotoSources.folders(value(args, ++i));
                case "--as-is" -> asIs = true;
                case "--json" -> json = true;
                case "--update-manifest" -> update = true;
                case "--seed" -> seed = Long.parseLong(value(args, ++i));
                case "--packed" -> packed = Integer.parseInt(value(args, ++i));
                case "--count" -> count = Integer.parseInt(value(args, ++i));
                default -> usage("unknown argument " + args[i]);
            }
        }
        try {
            System.exit(run(models, set, sources, json, update, asIs, seed, packed, count, System.out));
        } catch (IOException | RuntimeException e) {
            System.out.println("error: " + e.getMessage());
            System.out.println("{\"ok\":false,\"error\":" + new ObjectMapper().writeValueAsString(String.valueOf(e.getMessage())) + "}");
            System.exit(1);
        }
    }

    /** Evaluates and prints; returns the exit status. */
    static int run(Path models, Path set, List<Path> sources, boolean json, boolean update, boolean asIs, long seed,
            int packed, int count, java.io.PrintStream log) throws IOException {
        long t0 = System.nanoTime();
        Optional<String> mismatch = HeldOutSet.mismatch(set, seed, packed, count);
        if (asIs) {
            log.println("held-out set: " + set + " as it is" + mismatch.map(m -> " (" + m + ")").orElse(""));
        } else if (mismatch.isPresent()) {
            log.println("held-out set: " + mismatch.get() + "; generating it into " + set + " from " + sources);
            HeldOutSet.Generated g = HeldOutSet.generate(sources, set, seed, packed, count);
            log.printf(Locale.ROOT, "held-out set: %d items from %d held-out of %d sources in %.0f s%n",
                    g.items().size(), g.heldOutSources(), g.sources(), (System.nanoTime() - t0) / 1e9);
        }
        List<HeldOutSet.Entry> entries = HeldOutSet.entries(set);
        List<Evaluation.ItemResult> results = new ArrayList<>();
        SeenSceneRatios.Errors seen;
        ModelSetManifest manifest;
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu().withSpinWait(false));
                ModelRegistry registry = new ModelRegistry(engine)) {
            manifest = registry.loadFolder(models);
            try (ModelLease lease = registry.acquire()) {
                FrameEnhancer enhancer = new FrameEnhancer(lease.enhancer(),
                        new RatioEstimator(lease.ratio(), RatioRange.DEFAULT), TilingConfig.defaults());
                try (Evaluation evaluation = new Evaluation(enhancer)) {
                    for (int i = 0; i < entries.size(); i++) {
                        Evaluation.ItemResult r = evaluation.measure(set, entries.get(i));
                        results.add(r);
                        if (!json) {
                            log.printf(Locale.ROOT,
                                    "%3d/%d %-28s ratio %6.1f  net %5.2f dB  classical %5.2f dB  estimated ratio %6.1f%n",
                                    i + 1, entries.size(), r.entry().dng(), r.entry().ratio(), r.psnrNet(),
                                    r.psnrClassical(), r.ratioEstimated());
                        }
                    }
                }
                seen = SeenSceneRatios.measure(sources, lease.ratio(), RatioRange.DEFAULT);
            }
        }
        Map<String, Object> out = summary(results);
        Map<String, Object> sid = castMap(((Map<?, ?>) out.get("bands")).get("100-300"));
        Map<String, Object> line = new LinkedHashMap<>();
        for (String k : new String[] {"psnr_net_db", "psnr_classical_db", "psnr_gain_db", "ssim_net", "ssim_classical"}) {
            line.put(k, sid.get(k));
        }
        for (String k : new String[] {"ratio_median_stops", "ratio_p90_stops", "heuristic_median_stops",
                "heuristic_p90_stops"}) {
            line.put(k, out.get(k));
        }
        line.put("psnr_estimated_ratio_db", sid.get("psnr_estimated_ratio_db"));
        line.put("seen_scenes_ratio_median_stops", round(quantile(seen.cnn(), 0.5), 3));
        line.put("seen_scenes_ratio_p90_stops", round(quantile(seen.cnn(), 0.9), 3));
        line.put("seen_scenes_heuristic_median_stops", round(quantile(seen.heuristic(), 0.5), 3));
        line.put("seen_scenes_heuristic_p90_stops", round(quantile(seen.heuristic(), 0.9), 3));
        line.put("bands", out.get("bands"));
        line.put("items", results.size());
        line.put("model_set", manifest.setVersion());
        line.put("set", set.toString());
        line.put("seconds", round((System.nanoTime() - t0) / 1e9, 1));
        if (!json) {
            log.println("band      items  net dB  classical dB  gain dB  SSIM net  SSIM classical  est.-ratio dB");
            for (String b : BANDS) {
                Map<String, Object> m = castMap(((Map<?, ?>) out.get("bands")).get(b));
                log.printf(Locale.ROOT, "%-9s %5s  %6s  %12s  %7s  %8s  %14s  %13s%n", b, m.get("items"),
                        m.get("psnr_net_db"), m.get("psnr_classical_db"), m.get("psnr_gain_db"), m.get("ssim_net"),
                        m.get("ssim_classical"), m.get("psnr_estimated_ratio_db"));
            }
            log.printf(Locale.ROOT, "ratio error (stops): CNN median %s p90 %s; heuristic median %s p90 %s%n",
                    out.get("ratio_median_stops"), out.get("ratio_p90_stops"), out.get("heuristic_median_stops"),
                    out.get("heuristic_p90_stops"));
            log.printf(Locale.ROOT, "ratio error on %d fresh frames of the training-split scenes (SeenSceneRatios): "
                    + "CNN median %s p90 %s; heuristic median %s p90 %s%n", seen.cnn().length,
                    line.get("seen_scenes_ratio_median_stops"), line.get("seen_scenes_ratio_p90_stops"),
                    line.get("seen_scenes_heuristic_median_stops"), line.get("seen_scenes_heuristic_p90_stops"));
        }
        if (update) {
            Map<String, Double> metrics = new LinkedHashMap<>(manifest.metrics());
            line.forEach((k, v) -> {
                if (v instanceof Number n && !k.equals("items") && !k.equals("seconds")) {
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
        log.println(new ObjectMapper().writeValueAsString(line));
        return 0;
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
            m.put("ssim_net", round(mean(in, Evaluation.ItemResult::ssimNet), 4));
            m.put("ssim_classical", round(mean(in, Evaluation.ItemResult::ssimClassical), 4));
            m.put("psnr_estimated_ratio_db", round(mean(in, Evaluation.ItemResult::psnrEstimated), 2));
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

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage("missing value after " + args[i - 1]);
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: EvaluateCli [--models DIR] [--set DIR] [--sources DIR[,DIR...]] [--json] [--update-manifest] [--as-is] "
                + "[--seed N] [--packed N] [--count N]");
        System.exit(2);
    }
}
