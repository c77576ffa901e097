package io.nightshift.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.trainer.data.HeldOutSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link PublishGate} on item results: a candidate worse on every scene is refused with the figure that sank it; one
 * worse on a single scene out of twelve (the interval reaches above zero) and one better pass; the sets must have been
 * scored on the same items.
 */
class PublishGateTest {

    @Test
    void aCandidateWorseBeyondTheIntervalIsRefused() {
        List<Evaluation.ItemResult> serving = items(0, 0, 0);
        List<Evaluation.ItemResult> worse = items(-1.0, 0, 1);
        PublishGate.Verdict v = PublishGate.compare("2026-11-27.3", worse, serving);
        assertTrue(v.refused());
        assertEquals(48, v.items());
        assertEquals(12, v.scenes());
        PublishGate.Figure psnr = v.figures().get(0);
        assertEquals("psnr_db", psnr.name());
        assertTrue(psnr.worse());
        assertEquals(-1.0, psnr.difference().value(), 0.2);
        assertTrue(psnr.difference().high() < 0);
        assertFalse(v.figures().get(1).worse(), "the estimated-ratio figure moved by noise only");
        assertTrue(v.reason().contains("psnr_db"), v.reason());
    }

    @Test
    void oneBadSceneOrABetterSetPasses() {
        List<Evaluation.ItemResult> serving = items(0, 0, 0);
        assertFalse(PublishGate.compare("s", items(0, -3.0, 2), serving).refused(),
                "3 dB worse on one scene of twelve is within the interval");
        PublishGate.Verdict better = PublishGate.compare("s", items(0.8, 0, 3), serving);
        assertFalse(better.refused());
        assertTrue(better.figures().get(0).difference().low() > 0);
        assertTrue(better.reason().startsWith("no worse than s"), better.reason());
    }

    @Test
    void theSetsMustBeScoredOnTheSameItems() {
        List<Evaluation.ItemResult> serving = items(0, 0, 0);
        assertThrows(IllegalArgumentException.class,
                () -> PublishGate.compare("s", items(0, 0, 0).subList(0, 40), serving));
    }

    /**
     * 12 scenes × 4 items: PSNR about 25 dB with noise of seed {@code seed}, shifted by {@code shift} dB everywhere
     * and by {@code firstScene} more on scene 0; the estimated-ratio PSNR 2 dB lower, unshifted.
     */
    private static List<Evaluation.ItemResult> items(double shift, double firstScene, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Evaluation.ItemResult> out = new ArrayList<>();
        for (int scene = 0; scene < 12; scene++) {
            for (int k = 0; k < 4; k++) {
                double base = 25 + scene * 0.3 + 0.2 * r.nextGaussian();
                double psnr = base + shift + (scene == 0 ? firstScene : 0);
                HeldOutSet.Entry e = new HeldOutSet.Entry("item-" + scene + "-" + k + ".dng", "t", "RGGB", 150, "100-300",
                        "scene-" + scene);
                out.add(new Evaluation.ItemResult(e, psnr, 20, 24, 0.6, 0.3, base - 2 + 0.2 * r.nextGaussian(), psnr,
                        150, 0.2, 0.3, Double.NaN, Double.NaN));
            }
        }
        return out;
    }
}
