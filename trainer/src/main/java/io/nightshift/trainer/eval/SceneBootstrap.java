package io.nightshift.trainer.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Scene-level bootstrap intervals: items of one scene (one source photograph, several ratios and CFA layouts) are
 * not independent, so a figure's uncertainty comes from resampling scenes, not items. Each of {@link #ROUNDS}
 * rounds draws as many scenes as there are, with replacement, pools the drawn scenes' items and recomputes the
 * figure; the interval is the percentile one (2.5 % and 97.5 % of the rounds). Fixed seed: the same items give
 * the same interval.
 */
public final class SceneBootstrap {
    public static final int ROUNDS = 2000;
    private static final long SEED = 20261205L;

    /** A figure with its 95 % interval. */
    public record Interval(double value, double low, double high) {
    }

    private SceneBootstrap() {
    }

    /**
     * The mean of {@code value} over {@code items}, with its interval over scenes.
     *
     * @param scene the scene each item belongs to
     */
    public static <T> Interval mean(List<T> items, Function<T, ?> scene, ToDoubleFunction<T> value) {
        return statistic(items, scene, values -> {
            double sum = 0;
            for (double v : values) {
                sum += v;
            }
            return sum / values.length;
        }, value);
    }

    /** The median of {@code value} over {@code items}, with its interval over scenes. */
    public static <T> Interval median(List<T> items, Function<T, ?> scene, ToDoubleFunction<T> value) {
        return statistic(items, scene, values -> Percentiles.of(values, 0.5), value);
    }

    /** Any statistic of the items' values, with its interval over scenes. */
    public static <T> Interval statistic(List<T> items, Function<T, ?> scene,
                                         ToDoubleFunction<double[]> statistic,
                                         ToDoubleFunction<T> value) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no items");
        }
        Map<Object, List<Double>> byScene = new LinkedHashMap<>();
        for (T item : items) {
            byScene.computeIfAbsent(scene.apply(item), s -> new ArrayList<>()).add(value.applyAsDouble(item));
        }
        List<double[]> scenes = byScene.values().stream()
                .map(v -> v.stream().mapToDouble(Double::doubleValue).toArray()).toList();
        double point = statistic.applyAsDouble(pool(scenes, null));
        double[] rounds = new double[ROUNDS];
        SplittableRandom random = new SplittableRandom(SEED);
        int[] draw = new int[scenes.size()];
        for (int r = 0; r < ROUNDS; r++) {
            for (int i = 0; i < draw.length; i++) {
                draw[i] = random.nextInt(scenes.size());
            }
            rounds[r] = statistic.applyAsDouble(pool(scenes, draw));
        }
        return new Interval(point, Percentiles.of(rounds, 0.025), Percentiles.of(rounds, 0.975));
    }

    private static double[] pool(List<double[]> scenes, int[] draw) {
        int n = 0;
        int count = draw == null ? scenes.size() : draw.length;
        for (int i = 0; i < count; i++) {
            n += scenes.get(draw == null ? i : draw[i]).length;
        }
        double[] out = new double[n];
        int at = 0;
        for (int i = 0; i < count; i++) {
            double[] s = scenes.get(draw == null ? i : draw[i]);
            System.arraycopy(s, 0, out, at, s.length);
            at += s.length;
        }
        return out;
    }
}
