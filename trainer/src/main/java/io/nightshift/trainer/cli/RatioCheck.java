package io.nightshift.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.contract.ContractV1;
import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.Thumbnail;
import io.nightshift.inference.engine.EngineConfig;
import io.nightshift.inference.engine.InferenceEngine;
import io.nightshift.inference.engine.RatioSession;
import io.nightshift.inference.pipeline.FrameInputs;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.pack.PackedRaw;
import io.nightshift.raw.pack.SidPacker;
import io.nightshift.trainer.cli.EvaluateCli.Options;
import io.nightshift.trainer.cli.EvaluateCli.Split;
import io.nightshift.trainer.data.Dihedral;
import io.nightshift.trainer.data.HeldOutSet;
import io.nightshift.trainer.data.WholeFrames;
import io.nightshift.trainer.eval.OracleRatio;
import io.nightshift.trainer.eval.Percentiles;
import io.nightshift.trainer.eval.RatioEnsembleMean;
import io.nightshift.trainer.eval.RatioHeuristic;
import io.nightshift.trainer.eval.SceneBootstrap;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ratio estimate alone, on a split's items and whole frames, in seconds instead of {@code evaluate}'s minutes:
 * where ratio recipes are compared (on validation) and the oracle's floor is measured.
 *
 * <pre>
 * RatioCheck [--split validation|heldout] [--models A.onnx[,B.onnx...]]... [--oracle O.onnx] [--whole-frames 24]
 *            [--cache .nightshift/ratio-check] [--orientations]
 * </pre>
 *
 * <p>Each thumb is computed once, as the worker computes it (the DNG decoded by LibRaw, SID-packed, the contract's
 * thumb of the whole frame), and cached; the whole frames are {@link WholeFrames}' items, as {@code evaluate} makes
 * them. Each {@code --models} is one estimator: one ratio CNN, or several whose log2 outputs are averaged (an
 * ensemble), clamped to the worker's ratio range; {@code --orientations} also reports each estimator averaged over
 * the thumb's eight flips and transposes. {@code --oracle} is a ratio CNN trained on thumbs without noise
 * ({@code TrainCli --ratio-oracle on}), run on the whole frames' <i>clean</i> thumbs (the noise-free scene darkened by
 * the true ratio): the error a thumb's content leaves when noise is taken away, the floor the targets are set
 * against. Figures: median and 90th percentile of |log2 estimate − log2 true| with scene-bootstrap 95 % intervals.
 * The last line is one JSON object.
 */
public final class RatioCheck {

    /** One thumb of a split: the worker's thumb, the clean one (whole frames only, else null), the truth. */
    record Thumb(String scene, double ratio, PlanarImage thumb, PlanarImage clean) {
        double log2True() {
            return Math.log(ratio) / Math.log(2);
        }
    }

    /** An estimator's errors (stops) on items and whole frames. */
    record Errors(String name, double[] items, double[] wholeFrames) {
    }

    private RatioCheck() {
    }

    public static void main(String[] args) throws Exception {
        try {
            check(args);
        } catch (IOException | RuntimeException e) {
            CliErrors.exit(e);
        }
    }

    private static void check(String[] args) throws IOException {
        Split split = Split.VALIDATION;
        List<List<Path>> estimators = new ArrayList<>();
        Path oracle = null;
        int wholeFrames = WholeFrames.DEFAULT_COUNT;
        Path cache = Path.of(".nightshift/ratio-check");
        boolean orientations = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--split" -> split = Split.valueOf(value(args, ++i).toUpperCase(Locale.ROOT));
                case "--models" -> estimators.add(java.util.Arrays.stream(value(args, ++i).split(","))
                        .map(Path::of).toList());
                case "--oracle" -> oracle = Path.of(value(args, ++i));
                case "--whole-frames" -> wholeFrames = Integer.parseInt(value(args, ++i));
                case "--cache" -> cache = Path.of(value(args, ++i));
                case "--orientations" -> orientations = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (split == Split.V2) {
            throw new IllegalArgumentException("RatioCheck runs on evaluation v3's splits (validation, heldout)");
        }
        if (estimators.isEmpty()) {
            estimators.add(List.of(Path.of("models/default/ratio.onnx")));
        }
        System.exit(run(split, estimators, oracle, wholeFrames, cache, orientations, System.out));
    }

    static int run(Split split, List<List<Path>> estimators, Path oracle, int wholeFrames, Path cache,
                   boolean orientations, PrintStream log) throws IOException {
        long t0 = System.nanoTime();
        Options defaults = Options.defaults();
        Options o = new Options(defaults.models(), split, null, null, defaults.sources(), true, false, false, 0,
                defaults.packed(), 0, wholeFrames, defaults.frameHeight(), defaults.frameWidth(), new double[0], null,
                List.of());
        List<Path> photos = EvaluateCli.prepare(o, o.setFolder(), log);
        List<Thumb> items = itemThumbs(o.setFolder(), cache.resolve(split.name().toLowerCase(Locale.ROOT) + "-items.bin"),
                log);
        List<Thumb> frames = frameThumbs(WholeFrames.of(photos, WholeFrames.DEFAULT_SEED, wholeFrames),
                cache.resolve(split.name().toLowerCase(Locale.ROOT) + "-whole" + wholeFrames + ".bin"), log);

        List<Errors> all = new ArrayList<>();
        all.add(new Errors("heuristic", errors(items, t -> RatioHeuristic.log2Ratio(t.thumb())),
                errors(frames, t -> RatioHeuristic.log2Ratio(t.thumb()))));
        try (InferenceEngine engine = new InferenceEngine(EngineConfig.cpu().withSpinWait(false))) {
            for (List<Path> members : estimators) {
                List<RatioSession> sessions = new ArrayList<>();
                for (Path m : members) {
                    sessions.add(engine.loadRatioEstimator(m));
                }
                String name = String.join("+", members.stream().map(Path::toString).toList());
                all.add(new Errors(name, errors(items, t -> RatioEnsembleMean.log2(sessions, t.thumb())),
                        errors(frames, t -> RatioEnsembleMean.log2(sessions, t.thumb()))));
                if (orientations) {
                    all.add(new Errors(name + " (8 orientations)", errors(items, t -> oriented(sessions, t.thumb())),
                            errors(frames, t -> oriented(sessions, t.thumb()))));
                }
            }
            if (oracle != null) {
                RatioSession session = engine.loadRatioEstimator(oracle);
                all.add(new Errors("oracle " + oracle, new double[0],
                        errors(frames, t -> RatioEnsembleMean.log2(List.of(session), t.clean()))));
            }
        }

        Map<String, Object> line = new LinkedHashMap<>();
        line.put("split", split.name().toLowerCase(Locale.ROOT));
        line.put("items", items.size());
        line.put("whole_frame_items", frames.size());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Errors e : all) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("estimator", e.name());
            if (e.items().length > 0) {
                put(m, "ratio", items, e.items());
            }
            put(m, "ratio_whole_frame", frames, e.wholeFrames());
            out.add(m);
            log.printf(Locale.ROOT, "%-60s items %s   whole frames %s%n", e.name(),
                    e.items().length > 0 ? figures(m, "ratio") : "-", figures(m, "ratio_whole_frame"));
        }
        line.put("estimators", out);
        line.put("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        log.println(new ObjectMapper().writeValueAsString(line));
        return 0;
    }

    private static String figures(Map<String, Object> m, String prefix) {
        return String.format(Locale.ROOT, "median %.3f %s / p90 %.3f %s stop", m.get(prefix + "_median_stops"),
                m.get(prefix + "_median_ci"), m.get(prefix + "_p90_stops"), m.get(prefix + "_p90_ci"));
    }

    private static void put(Map<String, Object> m, String prefix, List<Thumb> thumbs, double[] errors) {
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < errors.length; i++) {
            index.add(i);
        }
        SceneBootstrap.Interval median = SceneBootstrap.median(index, i -> thumbs.get(i).scene(), i -> errors[i]);
        SceneBootstrap.Interval p90 = SceneBootstrap.statistic(index, i -> thumbs.get(i).scene(),
                v -> Percentiles.of(v, 0.9), i -> errors[i]);
        m.put(prefix + "_median_stops", round(median.value()));
        m.put(prefix + "_median_ci", List.of(round(median.low()), round(median.high())));
        m.put(prefix + "_p90_stops", round(p90.value()));
        m.put(prefix + "_p90_ci", List.of(round(p90.low()), round(p90.high())));
    }

    /** {@link #mean} over the thumb's eight flips and transposes (test-time augmentation). */
    static double oriented(List<RatioSession> sessions, PlanarImage thumb) {
        double sum = 0;
        for (int op = 0; op < Dihedral.COUNT; op++) {
            sum += RatioEnsembleMean.log2(sessions, Dihedral.apply(thumb, op));
        }
        return sum / Dihedral.COUNT;
    }

    private static double[] errors(List<Thumb> thumbs, java.util.function.ToDoubleFunction<Thumb> log2Estimate) {
        double[] out = new double[thumbs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.abs(log2Estimate.applyAsDouble(thumbs.get(i)) - thumbs.get(i).log2True());
        }
        return out;
    }

    /** The split's items' thumbs (the DNGs of the generated set), cached in {@code file} (kept while it has the same items). */
    private static List<Thumb> itemThumbs(Path set, Path file, PrintStream log) throws IOException {
        List<HeldOutSet.Entry> entries = HeldOutSet.entries(set);
        if (Files.isRegularFile(file)) {
            List<Thumb> cached = read(file);
            boolean same = cached.size() == entries.size();
            for (int i = 0; same && i < entries.size(); i++) {
                same = cached.get(i).scene().equals(entries.get(i).source())
                        && cached.get(i).ratio() == entries.get(i).ratio();
            }
            if (same) {
                return cached;
            }
        }
        List<Thumb> out = new ArrayList<>();
        try (RawDecoder decoder = new RawDecoder()) {
            for (HeldOutSet.Entry e : entries) {
                out.add(new Thumb(e.source(), e.ratio(), workerThumb(decoder, Files.readAllBytes(set.resolve(e.dng()))),
                        null));
            }
        }
        log.printf(Locale.ROOT, "%d item thumbs of %s computed%n", out.size(), set);
        write(file, out);
        return out;
    }

    /**
     * The whole frames' thumbs, worker's and clean, cached in {@code file} (kept while it has as many frames of the same
     * photographs; delete the cache folder when {@link WholeFrames} changes how it makes them).
     */
    private static List<Thumb> frameThumbs(WholeFrames frames, Path file, PrintStream log) throws IOException {
        if (Files.isRegularFile(file)) {
            List<Thumb> cached = read(file);
            boolean same = cached.size() == frames.count();
            for (int i = 0; same && i < frames.count(); i++) { // item i shows photograph i mod P (WholeFrames)
                same = cached.get(i).scene().equals(
                        frames.photos().get(i % frames.photos().size()).getFileName().toString());
            }
            if (same) {
                return cached;
            }
        }
        List<Thumb> out = new ArrayList<>();
        long t0 = System.nanoTime();
        try (RawDecoder decoder = new RawDecoder()) {
            for (int i = 0; i < frames.count(); i++) {
                WholeFrames.Item item = frames.item(i);
                out.add(new Thumb(item.scene(), item.ratio(), workerThumb(decoder, item.frame().dng()),
                        OracleRatio.cleanThumb(item.frame().target(), item.ratio())));
                log.printf(Locale.ROOT, "whole frame %d/%d %s (%.0f s)%n", i + 1, frames.count(), item.name(),
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        write(file, out);
        return out;
    }

    /** The thumb a worker computes from a RAW file's bytes. */
    static PlanarImage workerThumb(RawDecoder decoder, byte[] file) throws IOException {
        DecodedRaw raw = decoder.decode(file);
        PackedRaw packed = SidPacker.pack(raw);
        return Thumbnail.of(FrameInputs.planar(packed), FrameInputs.whiteBalance(raw));
    }

    private static void write(Path file, List<Thumb> thumbs) throws IOException {
        Files.createDirectories(file.getParent());
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(thumbs.size());
            for (Thumb t : thumbs) {
                out.writeUTF(t.scene());
                out.writeDouble(t.ratio());
                writeImage(out, t.thumb());
                out.writeBoolean(t.clean() != null);
                if (t.clean() != null) {
                    writeImage(out, t.clean());
                }
            }
        }
    }

    private static List<Thumb> read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            int n = in.readInt();
            List<Thumb> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String scene = in.readUTF();
                double ratio = in.readDouble();
                PlanarImage thumb = readImage(in);
                PlanarImage clean = in.readBoolean() ? readImage(in) : null;
                out.add(new Thumb(scene, ratio, thumb, clean));
            }
            return out;
        }
    }

    private static void writeImage(DataOutputStream out, PlanarImage image) throws IOException {
        for (float v : image.data()) {
            out.writeFloat(v);
        }
    }

    private static PlanarImage readImage(DataInputStream in) throws IOException {
        PlanarImage image = PlanarImage.zeros(ContractV1.THUMB_CHANNELS, ContractV1.THUMB_SIZE, ContractV1.THUMB_SIZE);
        for (int i = 0; i < image.data().length; i++) {
            image.data()[i] = in.readFloat();
        }
        return image;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("missing value after " + args[i - 1]);
        }
        return args[i];
    }
}
