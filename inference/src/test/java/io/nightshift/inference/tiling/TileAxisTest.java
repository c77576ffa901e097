package io.nightshift.inference.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TileAxisTest {

    @Test
    void originsLieOnMultiplesOfSixteenAndCoverTheAxis() {
        for (int length : new int[] {16, 48, 304, 1424, 2128}) {
            TileAxis axis = TileAxis.of(length, new TilingConfig(256, 64, 32, 1));
            assertEquals(0, axis.origin(0));
            assertEquals(length, axis.origin(axis.count() - 1) + axis.tile(), "last tile ends at the edge");
            for (int t = 0; t < axis.count(); t++) {
                assertEquals(0, axis.origin(t) % 16, "origin " + axis.origin(t));
                if (t > 0) {
                    assertTrue(axis.origin(t) > axis.origin(t - 1));
                    assertTrue(axis.origin(t - 1) + axis.tile() - axis.origin(t) >= 64, "neighbours share ≥ overlap");
                }
            }
        }
    }

    @Test
    void weightsSumToOneAndVanishWithinTheMarginOfSharedEdges() {
        TilingConfig config = TilingConfig.withMargin(288, 112, 32, 1);
        int length = 1000 / 16 * 16;
        TileAxis axis = TileAxis.of(length, config);
        assertTrue(axis.count() >= 3);
        double[] sum = new double[2 * length];
        for (int t = 0; t < axis.count(); t++) {
            float[] w = axis.weights(t);
            int o = 2 * axis.origin(t);
            for (int x = 0; x < w.length; x++) {
                sum[o + x] += w[x];
                int packedFromLeft = x / 2;
                int packedFromRight = axis.tile() - 1 - x / 2;
                boolean nearShared = (axis.origin(t) > 0 && packedFromLeft < 112)
                        || (axis.origin(t) + axis.tile() < length && packedFromRight < 112);
                if (nearShared) {
                    assertEquals(0f, w[x], "tile " + t + " pixel " + x + " lies within the margin");
                }
            }
        }
        for (int x = 0; x < sum.length; x++) {
            assertEquals(1.0, sum[x], 1e-6, "output pixel " + x);
        }
    }

    @Test
    void featherRampsInsteadOfCutting() {
        TileAxis axis = TileAxis.of(512, new TilingConfig(288, 64, 64, 1));
        float[] first = axis.weights(0);
        int ramped = 0;
        for (float w : first) {
            if (w > 0f && w < 1f) {
                ramped++;
            }
        }
        assertTrue(ramped >= 2 * 64 - 2, "a 64-pixel feather ramps over ~128 output pixels, got " + ramped);
    }

    @Test
    void tilesAreTrimmedToSpreadEvenlyWithinTheConfiguredSide() {
        // 2128 packed columns (a 12 MP Sony frame), tiles of at most 1536 sharing ≥ 256: two of 1200,
        // not 1536 + a second 1536 that mostly repeats the first
        TileAxis axis = TileAxis.of(2128, new TilingConfig(1536, 256, 32, 1));
        assertEquals(2, axis.count());
        assertEquals(1200, axis.tile());
        assertEquals(928, axis.origin(1));
        for (int length = 272; length < 3000; length += 16) {
            TileAxis a = TileAxis.of(length, new TilingConfig(512, 256, 32, 1));
            assertTrue(a.tile() <= 512 && a.tile() % 16 == 0, "length " + length + ": tile " + a.tile());
            assertEquals(length, a.origin(a.count() - 1) + a.tile());
            for (int t = 1; t < a.count(); t++) {
                assertTrue(a.origin(t - 1) + a.tile() - a.origin(t) >= 256, "length " + length + ": overlap kept");
                assertEquals(0, a.origin(t) % 16);
            }
        }
    }

    @Test
    void wholeImageIsOneTile() {
        TileAxis axis = TileAxis.of(1424, TilingConfig.wholeImage());
        assertEquals(1, axis.count());
        assertEquals(1424, axis.tile());
    }

    @Test
    void refusesTilesOffTheSixteenGrid() {
        assertThrows(IllegalArgumentException.class, () -> new TilingConfig(250, 64, 32, 1));
        assertThrows(IllegalArgumentException.class, () -> new TilingConfig(256, 40, 32, 1));
        assertThrows(IllegalArgumentException.class, () -> new TilingConfig(256, 256, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new TilingConfig(256, 64, 33, 1));
    }
}
