package io.nightshift.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.trainer.data.HeldOutSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every headline figure is the point estimate inside its scene interval, and measures what its key says. */
class HeadlineFiguresTest {

    @Test
    void everyIntervalHoldsItsPointEstimate() {
        SplittableRandom r = new SplittableRandom(4);
        List<Evaluation.ItemResult> items = new ArrayList<>();
        List<Evaluation.ItemResult> whole = new ArrayList<>();
        String[] bands = {"1-10", "10-100", "100-300"};
        for (int s = 0; s < 30; s++) {
            double sceneShift = r.nextGaussian();
            for (int i = 0; i < 12; i++) {
                items.add(result("scene" + s, bands[i % 3], 25 + sceneShift + r.nextGaussian(), r));
            }
            if (s < 12) {
                whole.add(result("scene" + s, bands[s % 3], 24 + sceneShift, r));
                whole.add(result("scene" + s, bands[(s + 1) % 3], 24 + sceneShift, r));
            }
        }
        HeadlineFigures figures = new HeadlineFigures(items, whole);
        assertEquals(HeadlineFigures.KEYS, List.copyOf(figures.values().keySet()));
        figures.values().forEach((k, v) -> {
            assertTrue(v.low() <= v.value() && v.value() <= v.high(), k + ": " + v);
            assertTrue(v.high() > v.low(), k + " has a real interval: " + v);
        });
        // gain over the plain baseline is net − classical at 100–300, exactly
        double gain = items.stream().filter(i -> i.entry().band().equals("100-300"))
                .mapToDouble(i -> i.psnrNet() - i.psnrClassical()).average().orElseThrow();
        assertEquals(gain, figures.values().get("psnr_gain_db").value(), 1e-9);

        HeadlineFigures noWholeFrames = new HeadlineFigures(items, List.of());
        assertFalse(noWholeFrames.values().containsKey("ratio_whole_frame_median_stops"));
        assertTrue(noWholeFrames.values().containsKey("ratio_median_stops"));
    }

    private static Evaluation.ItemResult result(String scene, String band, double net, SplittableRandom r) {
        HeldOutSet.Entry entry = new HeldOutSet.Entry(scene + ".dng", scene + ".png", "RGGB", 50, band, scene);
        double estimated = net - Math.abs(r.nextGaussian());
        return new Evaluation.ItemResult(entry, net, net - 6 + r.nextGaussian(), net - 3 + r.nextGaussian(),
                0.6 + 0.05 * r.nextGaussian(), 0.3, estimated, net - 0.2, 50, Math.abs(0.3 * r.nextGaussian()),
                Math.abs(0.5 * r.nextGaussian()));
    }
}
