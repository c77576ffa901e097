package io.nightshift.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Synthetic pairs from the real samples (three CFA layouts). */
class RawReferencePairsTest {

    private static final Path SAMPLES = Path.of(System.getProperty("nightshift.home", "..")).resolve("../shared/raw-samples")
            .normalize();

    @ParameterizedTest
    @ValueSource(strings = {"RAW_KODAK_DC50.KDC", "RAW_NIKON_D1.NEF", "RAW_CANON_D30_SRGB.CRW"})
    void darkPatchesAmplifyBackToTheirTargets(String sample) {
        Path file = SAMPLES.resolve(sample);
        assertTrue(Files.exists(file), "the real samples must be present: " + file);
        SplittableRandom random = new SplittableRandom(21);
        double inSum = 0;
        double targetSum = 0;
        try (RawReferencePairs pairs = RawReferencePairs.sid(64, 256L << 20)) {
            for (int i = 0; i < 6; i++) {
                EnhancerSample s = pairs.sample(file, random);
                assertEquals(64, s.input().height());
                assertEquals(128, s.target().width());
                assertTrue(s.ratio() >= 1 && s.ratio() <= 300);
                inSum += mean(s.input());
                targetSum += mean(s.target());
            }
        }
        // noise is zero-mean and the clamps are rare on these daylight frames: the levels agree on average
        assertEquals(targetSum, inSum, 0.1 * targetSum, sample);
    }

    @Test
    void ratioExamplesDrawFromTheCallersSampler() {
        Path file = SAMPLES.resolve("RAW_NIKON_D1.NEF");
        assertTrue(Files.exists(file), "the real samples must be present: " + file);
        RatioSampler always300 = new RatioSampler(300, 300, 1);
        try (RawReferencePairs pairs = RawReferencePairs.sid(64, 256L << 20)) {
            for (int i = 0; i < 3; i++) {
                RatioSample s = pairs.ratioSample(file, always300, new SplittableRandom(i));
                assertEquals(Math.log(300) / Math.log(2), s.log2Ratio(), 1e-9);
                assertEquals(64, s.thumb().height());
            }
        }
    }

    /**
     * The Kodak DC50 packs to 256 × 383: it holds a 128-pixel patch but not a 256-pixel one (which needs 257 for
     * the flips), so `TrainCli --patch 256` leaves it to the ratio CNN instead of stopping with an error.
     */
    @Test
    void aFrameSmallerThanThePatchIsSaidSo() {
        Path kodak = SAMPLES.resolve("RAW_KODAK_DC50.KDC");
        assertTrue(Files.exists(kodak), "the real samples must be present: " + kodak);
        try (RawReferencePairs small = RawReferencePairs.sid(128, 256L << 20);
             RawReferencePairs large = RawReferencePairs.sid(256, 256L << 20)) {
            assertTrue(small.holdsPatch(kodak));
            assertFalse(large.holdsPatch(kodak));
            assertThrows(IllegalArgumentException.class, () -> large.augmentedSample(kodak, new SplittableRandom(1)),
                    "what holdsPatch keeps out of the U-Net's data");
            assertTrue(large.holdsPatch(SAMPLES.resolve("RAW_NIKON_D1.NEF")));
        }
    }

    private static double mean(PlanarImage p) {
        double s = 0;
        for (float v : p.data()) {
            s += v;
        }
        return s / p.data().length;
    }
}
