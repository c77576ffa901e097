package io.nightshift.trainer.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SceneBootstrapTest {
    record Item(String scene, double gain) {
    }

    /** {@code scenes} scenes of 12 items each; scene s's items sit at {@code base + spread·(s − mean)}. */
    private static List<Item> items(int scenes, double base, double spread) {
        List<Item> items = new ArrayList<>();
        for (int s = 0; s < scenes; s++) {
            for (int i = 0; i < 12; i++) {
                items.add(new Item("scene-" + s, base + spread * (s - (scenes - 1) / 2.0) + 0.01 * (i - 5.5)));
            }
        }
        return items;
    }

    @Test
    void theIntervalHoldsThePointAndNarrowsWithMoreScenes() {
        SceneBootstrap.Interval few = SceneBootstrap.mean(items(6, 7, 1), Item::scene, Item::gain);
        assertEquals(7, few.value(), 1e-9);
        assertTrue(few.low() < few.value() && few.value() < few.high(), few.toString());
        SceneBootstrap.Interval sameSpreadMany = SceneBootstrap.mean(spreadLike(30, 6), Item::scene, Item::gain);
        assertTrue(sameSpreadMany.high() - sameSpreadMany.low() < few.high() - few.low(),
                "30 scenes of the same spread give a narrower interval than 6: " + sameSpreadMany + " vs " + few);
    }

    @Test
    void scenesNotItemsAreResampled() {
        // one scene far off: its 12 items move together, so the interval is as wide as dropping or repeating
        // that scene makes the mean (items resampled one by one would give a far narrower one)
        List<Item> items = items(6, 7, 0);
        SceneBootstrap.Interval flat = SceneBootstrap.mean(items, Item::scene, Item::gain);
        assertTrue(flat.high() - flat.low() < 0.02, "identical scenes: a narrow interval " + flat);
        List<Item> outlier = new ArrayList<>(items);
        outlier.replaceAll(i -> i.scene().equals("scene-0") ? new Item(i.scene(), i.gain() - 6) : i);
        SceneBootstrap.Interval wide = SceneBootstrap.mean(outlier, Item::scene, Item::gain);
        assertEquals(6, wide.value(), 1e-9);
        assertTrue(wide.high() - wide.low() > 2.5, "a scene 6 dB off widens it: " + wide);
        assertEquals(wide, SceneBootstrap.mean(outlier, Item::scene, Item::gain), "a fixed seed: the same interval");
    }

    @Test
    void medianAndQuantiles() {
        assertEquals(2.5, Percentiles.of(new double[]{4, 1, 3, 2}, 0.5), 1e-12);
        assertEquals(3.7, Percentiles.of(new double[]{1, 2, 3, 4}, 0.9), 1e-12);
        assertTrue(Double.isNaN(Percentiles.of(new double[0], 0.5)));
        SceneBootstrap.Interval median = SceneBootstrap.median(items(10, 0.3, 0.02), Item::scene, Item::gain);
        assertEquals(0.3, median.value(), 0.01);
    }

    /** Scene means spread as in {@code items(6, 7, 1)}: drawn from the same 6 levels, each used 5 times. */
    private static List<Item> spreadLike(int scenes, int levels) {
        List<Item> items = new ArrayList<>();
        for (int s = 0; s < scenes; s++) {
            double level = 7 + (s % levels - (levels - 1) / 2.0);
            for (int i = 0; i < 12; i++) {
                items.add(new Item("scene-" + s, level + 0.01 * (i - 5.5)));
            }
        }
        return items;
    }
}
