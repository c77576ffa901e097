package io.nightshift.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RatioSamplerTest {

    @Test
    void drawsInRangeWeightedTowardsSidsBand() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 100_000;
        int sid = 0;
        int low = 0;
        for (int i = 0; i < n; i++) {
            double r = RatioSampler.SID.sample(random);
            assertTrue(r >= 1 && r <= 300, "in [1, 300]: " + r);
            if (r >= 100) {
                sid++;
            }
            if (r <= 10) {
                low++;
            }
        }
        double pSid = RatioSampler.SID.probability(100, 300);
        double pLow = RatioSampler.SID.probability(1, 10);
        assertEquals(0.5 + 0.5 * Math.log(3) / Math.log(300), pSid, 1e-12);
        assertEquals(0.5 * Math.log(10) / Math.log(300), pLow, 1e-12);
        assertEquals(pSid, (double) sid / n, 5 * Math.sqrt(pSid * (1 - pSid) / n), "share of 100–300");
        assertEquals(pLow, (double) low / n, 5 * Math.sqrt(pLow * (1 - pLow) / n), "share of 1–10");
    }

    @Test
    void withoutFocusTheDrawsAreLogUniform() {
        RatioSampler flat = RatioSampler.SID.withFocusWeight(0);
        SplittableRandom random = new SplittableRandom(6);
        int n = 100_000;
        int[] decades = new int[3]; // [1, 10), [10, 100), [100, 300]
        for (int i = 0; i < n; i++) {
            double r = flat.sample(random);
            assertTrue(r >= 1 && r <= 300, "in [1, 300]: " + r);
            decades[r < 10 ? 0 : r < 100 ? 1 : 2]++;
        }
        double pDecade = Math.log(10) / Math.log(300);
        assertEquals(pDecade, flat.probability(1, 10), 1e-12);
        assertEquals(pDecade, flat.probability(10, 100), 1e-12);
        assertEquals(1 - 2 * pDecade, flat.probability(100, 300), 1e-12);
        double sd = 5 * Math.sqrt(pDecade * (1 - pDecade) / n);
        assertEquals(pDecade, (double) decades[0] / n, sd, "share of 1–10");
        assertEquals(pDecade, (double) decades[1] / n, sd, "share of 10–100");
        assertThrows(IllegalArgumentException.class, () -> RatioSampler.SID.withFocusWeight(1.5));
    }
}
