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
                items.add(result("scene" + s, bands[i % 3], 25 + sceneShift + r.nextGaussian(), r, false));
            }
            if (s < 12) {
                whole.add(result("scene" + s, bands[s % 3], 24 + sceneShift, r, true));
                whole.add(result("scene" + s, bands[(s + 1) % 3], 24 + sceneShift, r, true));
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

        // the oracle's loss is net − PSNR at the oracle's ratio, its median over the whole frames
        double[] oracleLoss = whole.stream().mapToDouble(w -> w.psnrNet() - w.psnrOracle()).toArray();
        assertEquals(Percentiles.of(oracleLoss, 0.5), figures.values().get("oracle_ratio_psnr_loss_db").value(), 1e-9);
        double[] below = whole.stream().mapToDouble(w -> w.psnrOracle() - w.psnrEstimated()).toArray();
        assertEquals(Percentiles.of(below, 0.5), figures.values().get("psnr_estimated_below_oracle_db").value(), 1e-9);
        double[] oracleStops = whole.stream()
                .mapToDouble(w -> Math.abs(Math.log(w.ratioOracle() / w.entry().ratio()) / Math.log(2))).toArray();
        assertEquals(Percentiles.of(oracleStops, 0.9), figures.values().get("ratio_whole_frame_oracle_p90_stops").value(),
                1e-9);
        assertEquals(Percentiles.of(oracleStops, 0.5),
                figures.values().get("ratio_whole_frame_oracle_median_stops").value(), 1e-9);

        // frames with and without an oracle in one list: the oracle's figures over the first kind only, the rest all
        List<Evaluation.ItemResult> mixed = new ArrayList<>(whole);
        for (int s = 0; s < 6; s++) {
            mixed.add(result("scene" + s, bands[s % 3], 20, r, false));
        }
        HeadlineFigures some = new HeadlineFigures(items, mixed);
        assertEquals(Percentiles.of(oracleLoss, 0.5), some.values().get("oracle_ratio_psnr_loss_db").value(), 1e-9);
        double[] allLoss = mixed.stream().mapToDouble(Evaluation.ItemResult::estimatedRatioLoss).toArray();
        assertEquals(Percentiles.of(allLoss, 0.5), some.values().get("estimated_ratio_psnr_loss_db").value(), 1e-9);

        // whole frames measured without an oracle give no oracle figures (null in the JSON line), the rest as before
        List<Evaluation.ItemResult> noOracle = new ArrayList<>();
        for (int s = 0; s < 12; s++) {
            noOracle.add(result("scene" + s, bands[s % 3], 24, r, false));
        }
        HeadlineFigures withoutOracle = new HeadlineFigures(items, noOracle);
        assertFalse(withoutOracle.values().containsKey("oracle_ratio_psnr_loss_db"));
        assertFalse(withoutOracle.values().containsKey("ratio_whole_frame_oracle_median_stops"));
        assertTrue(withoutOracle.values().containsKey("estimated_ratio_psnr_loss_db"));

        HeadlineFigures noWholeFrames = new HeadlineFigures(items, List.of());
        assertFalse(noWholeFrames.values().containsKey("ratio_whole_frame_median_stops"));
        assertTrue(noWholeFrames.values().containsKey("ratio_median_stops"));
    }

    private static Evaluation.ItemResult result(String scene, String band, double net, SplittableRandom r,
            boolean oracle) {
        HeldOutSet.Entry entry = new HeldOutSet.Entry(scene + ".dng", scene + ".png", "RGGB", 50, band, scene);
        double estimated = net - Math.abs(r.nextGaussian());
        return new Evaluation.ItemResult(entry, net, net - 6 + r.nextGaussian(), net - 3 + r.nextGaussian(),
                0.6 + 0.05 * r.nextGaussian(), 0.3, estimated, net - 0.2, 50, Math.abs(0.3 * r.nextGaussian()),
                Math.abs(0.5 * r.nextGaussian()), oracle ? 50 * Math.pow(2, 0.4 * r.nextGaussian()) : Double.NaN,
                oracle ? net - Math.abs(2 * r.nextGaussian()) : Double.NaN);
    }
}
