package io.nightshift.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.nightshift.contract.PlanarImage;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Flips and transposes: the eight are distinct, and the packed form keeps the Bayer phase and the alignment. */
class DihedralTest {

    @Test
    void eightDistinctOperationsOnAnRgbImage() {
        PlanarImage image = random(3, 6, 6, 1);
        Set<String> seen = new HashSet<>();
        for (int op = 0; op < Dihedral.COUNT; op++) {
            seen.add(java.util.Arrays.toString(Dihedral.apply(image, op).data()));
        }
        assertEquals(8, seen.size());
        PlanarImage wide = random(1, 2, 5, 2);
        PlanarImage t = Dihedral.apply(wide, 1);
        assertEquals(5, t.height());
        assertEquals(wide.get(0, 1, 3), t.get(0, 3, 1), 0f);
    }

    /**
     * A packed frame sampled from an RGB image on an RGGB grid, transformed with that image, is again exactly the
     * RGGB sampling of the transformed image: red on (even, even), blue on (odd, odd), greens between.
     */
    @Test
    void packedPairKeepsTheBayerPhaseAndTheAlignmentForAllEightOperations() {
        int s = 5;
        PlanarImage target = random(3, 2 * s, 2 * s, 3);
        PlanarImage packed = rggb(target);
        for (int op = 0; op < Dihedral.COUNT; op++) {
            Dihedral.Pair pair = Dihedral.packedPair(packed, target, op);
            assertEquals(s - 1, pair.packed().height());
            assertEquals(2 * (s - 1), pair.target().width());
            assertArrayEquals(rggb(pair.target()).data(), pair.packed().data(), 0f, "operation " + op);
            if (op != 0) {
                assertNotEquals(java.util.Arrays.toString(Dihedral.packedPair(packed, target, 0).target().data()),
                        java.util.Arrays.toString(pair.target().data()), "operation " + op + " changes the patch");
            }
        }
    }

    /** Packed R, G1, B, G2 at (0, 0), (0, 1), (1, 1), (1, 0) of each 2×2 block of an RGB image. */
    private static PlanarImage rggb(PlanarImage rgb) {
        int h = rgb.height() / 2;
        int w = rgb.width() / 2;
        PlanarImage p = PlanarImage.zeros(4, h, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p.set(0, y, x, rgb.get(0, 2 * y, 2 * x));
                p.set(1, y, x, rgb.get(1, 2 * y, 2 * x + 1));
                p.set(2, y, x, rgb.get(2, 2 * y + 1, 2 * x + 1));
                p.set(3, y, x, rgb.get(1, 2 * y + 1, 2 * x));
            }
        }
        return p;
    }

    private static PlanarImage random(int c, int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        PlanarImage p = PlanarImage.zeros(c, h, w);
        for (int i = 0; i < p.data().length; i++) {
            p.data()[i] = (float) r.nextDouble();
        }
        return p;
    }
}
