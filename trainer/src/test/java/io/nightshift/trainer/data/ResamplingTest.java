package io.nightshift.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import org.junit.jupiter.api.Test;

/** The whole frames' resizing filter: flat stays flat, ramps stay ramps, shrinking averages away fine detail. */
class ResamplingTest {

    @Test
    void enlargingKeepsLevelsAndSmoothRamps() {
        PlanarImage in = PlanarImage.zeros(3, 20, 30);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 20; y++) {
                for (int x = 0; x < 30; x++) {
                    in.set(c, y, x, c == 0 ? 0.4f : c == 1 ? x / 29f : y / 19f);
                }
            }
        }
        PlanarImage out = Resampling.cubic(in, 31, 47);
        assertEquals(31, out.height());
        assertEquals(47, out.width());
        for (int y = 0; y < 31; y++) {
            for (int x = 0; x < 47; x++) {
                assertEquals(0.4f, out.get(0, y, x), 1e-5, "flat channel");
                if (x > 0) {
                    assertTrue(out.get(1, y, x) >= out.get(1, y, x - 1) - 1e-6, "horizontal ramp is monotone");
                }
            }
        }
        // the centre of the ramp maps to the centre
        assertEquals(0.5f, out.get(1, 15, 23), 0.01);
    }

    @Test
    void shrinkingLowPassesACheckerboard() {
        PlanarImage in = PlanarImage.zeros(1, 40, 40);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                in.set(0, y, x, (x + y) % 2 == 0 ? 1f : 0f);
            }
        }
        PlanarImage out = Resampling.cubic(in, 30, 30);
        for (int y = 2; y < 28; y++) {
            for (int x = 2; x < 28; x++) {
                assertEquals(0.5f, out.get(0, y, x), 0.1, "no aliasing into a pattern at " + y + "," + x);
            }
        }
    }
}
