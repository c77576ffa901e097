package io.nightshift.trainer.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Whether a candidate model set may replace the set a channel serves: both are scored on the same validation items
 * and compared item by item, with a scene-level bootstrap interval on each mean difference. A candidate is refused
 * when it is worse beyond its interval (the whole 95 % interval of a difference below zero) on either figure:
 * <ul>
 *   <li>{@code psnr_db}: the U-Net's output at the item's true ratio (image quality);</li>
 *   <li>{@code psnr_estimated_ratio_db}: the output at the ratio the set's CNN estimates, what a job without a given
 *   ratio gets.</li>
 * </ul>
 * A candidate no better beyond the interval passes: the gate stops regressions, it does not demand progress.
 */
public final class PublishGate {

    /** One compared figure: both means and the candidate's difference with its interval. */
    public record Figure(String name, double candidate, double serving, SceneBootstrap.Interval difference) {
        public boolean worse() {
            return difference.high() < 0;
        }
    }

    /** The comparison against the serving set {@code servingVersion}. */
    public record Verdict(String servingVersion, int items, int scenes, List<Figure> figures) {
        public boolean refused() {
            return figures.stream().anyMatch(Figure::worse);
        }

        public String reason() {
            List<String> worse = figures.stream().filter(Figure::worse).map(f -> String.format(java.util.Locale.ROOT,
                    "%s %.2f dB against %.2f (difference %.2f, 95 %% interval %.2f to %.2f)", f.name(), f.candidate(),
                    f.serving(), f.difference().value(), f.difference().low(), f.difference().high())).toList();
            return worse.isEmpty() ? "no worse than " + servingVersion + " on validation"
                    : "worse than the serving set " + servingVersion + " on validation: " + String.join("; ", worse);
        }
    }

    private PublishGate() {
    }

    /**
     * @param candidate the candidate's results on the validation items
     * @param serving   the serving set's results on the same items (matched by item name)
     */
    public static Verdict compare(String servingVersion, List<Evaluation.ItemResult> candidate,
                                  List<Evaluation.ItemResult> serving) {
        Map<String, Evaluation.ItemResult> byName = new LinkedHashMap<>();
        serving.forEach(r -> byName.put(r.entry().dng(), r));
        List<Pair> pairs = new ArrayList<>();
        for (Evaluation.ItemResult c : candidate) {
            Evaluation.ItemResult s = byName.get(c.entry().dng());
            if (s == null) {
                throw new IllegalArgumentException("item " + c.entry().dng() + " has no result for the serving set");
            }
            pairs.add(new Pair(c, s));
        }
        if (pairs.isEmpty() || pairs.size() != serving.size()) {
            throw new IllegalArgumentException("the two sets were not scored on the same items (" + pairs.size()
                    + " and " + serving.size() + ")");
        }
        List<Figure> figures = List.of(figure("psnr_db", pairs, Evaluation.ItemResult::psnrNet),
                figure("psnr_estimated_ratio_db", pairs, Evaluation.ItemResult::psnrEstimated));
        int scenes = (int) pairs.stream().map(p -> p.candidate().scene()).distinct().count();
        return new Verdict(servingVersion, pairs.size(), scenes, figures);
    }

    private record Pair(Evaluation.ItemResult candidate, Evaluation.ItemResult serving) {
    }

    private static Figure figure(String name, List<Pair> pairs, ToDoubleFunction<Evaluation.ItemResult> value) {
        double c = pairs.stream().mapToDouble(p -> value.applyAsDouble(p.candidate())).average().orElseThrow();
        double s = pairs.stream().mapToDouble(p -> value.applyAsDouble(p.serving())).average().orElseThrow();
        SceneBootstrap.Interval difference = SceneBootstrap.mean(pairs, p -> p.candidate().scene(),
                p -> value.applyAsDouble(p.candidate()) - value.applyAsDouble(p.serving()));
        return new Figure(name, c, s, difference);
    }
}
