package io.nightshift.contract.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.testing.TestData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ThumbnailTest {

    private static final double EPS = 1e-6;

    @Test
    void blocksOfAnExactMultipleArePlainMeans() {
        // 128 × 192 → 64 × 64: each thumb pixel is the mean of a 2 × 3 block
        int h = 128;
        int w = 192;
        PlanarImage packed = new PlanarImage(TestData.uniform(1, 4 * h * w, 0, 1), 4, h, w);

        PlanarImage thumb = Thumbnail.of(packed, WhiteBalance.NEUTRAL);

        assertEquals(3, thumb.channels());
        assertEquals(64, thumb.height());
        assertEquals(64, thumb.width());
        for (int[] p : new int[][] {{0, 0}, {17, 41}, {63, 63}}) {
            int i = p[0];
            int j = p[1];
            double r = 0;
            double g = 0;
            double b = 0;
            for (int y = 2 * i; y < 2 * i + 2; y++) {
                for (int x = 3 * j; x < 3 * j + 3; x++) {
                    r += packed.get(0, y, x);
                    g += (packed.get(1, y, x) + packed.get(3, y, x)) / 2.0;
                    b += packed.get(2, y, x);
                }
            }
            assertEquals(r / 6, thumb.get(0, i, j), EPS);
            assertEquals(g / 6, thumb.get(1, i, j), EPS);
            assertEquals(b / 6, thumb.get(2, i, j), EPS);
        }
    }

    @Test
    void nonMultipleSizesWeighPixelsByTheirOverlap() {
        // 100 rows × 70 columns; R grows with the column (x / 100), B with the row (y / 1000)
        int h = 100;
        int w = 70;
        PlanarImage packed = PlanarImage.zeros(4, h, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                packed.set(0, y, x, x / 100f);
                packed.set(2, y, x, y / 1000f);
            }
        }

        PlanarImage thumb = Thumbnail.of(packed, WhiteBalance.NEUTRAL);

        // column 0 covers [0, 70/64) = [0, 1.09375): pixel 0 whole, pixel 1 for 0.09375
        assertEquals((0.00 * 1 + 0.01 * 0.09375) / 1.09375, thumb.get(0, 5, 0), EPS);
        // column 63 covers [68.90625, 70): pixel 68 for 0.09375, pixel 69 whole
        assertEquals((0.68 * 0.09375 + 0.69) / 1.09375, thumb.get(0, 40, 63), EPS);
        // row 1 covers [1.5625, 3.125): pixel 1 for 0.4375, pixel 2 whole, pixel 3 for 0.125
        assertEquals((0.001 * 0.4375 + 0.002 + 0.003 * 0.125) / 1.5625, thumb.get(2, 1, 9), EPS);
    }

    @Test
    void framesSmallerThan64AreEnlargedByTheSameBoxIntegral() {
        // one row of three columns: thumb column j covers [3j/64, 3(j+1)/64)
        PlanarImage packed = new PlanarImage(new float[] {
            0.3f, 0.6f, 0.9f, // R
            0, 0, 0, 0, 0, 0, 0, 0, 0,
        }, 4, 1, 3);

        PlanarImage thumb = Thumbnail.of(packed, WhiteBalance.NEUTRAL);

        assertEquals(0.3, thumb.get(0, 0, 0), EPS);
        assertEquals(0.3, thumb.get(0, 63, 20), EPS); // [60/64, 63/64) lies inside pixel 0
        assertEquals((0.3 + 2 * 0.6) / 3, thumb.get(0, 31, 21), EPS); // [63/64, 66/64): 1/64 of pixel 0, 2/64 of pixel 1
        assertEquals(0.6, thumb.get(0, 10, 22), EPS);
        assertEquals(0.9, thumb.get(0, 10, 63), EPS);
    }

    @Test
    void whiteBalancesAveragesTheGreensAndClipsBeforeAveragingWithoutRatio() {
        int h = 70;
        int w = 90;
        PlanarImage packed = PlanarImage.zeros(4, h, w);
        Arrays.fill(packed.data(), 0, h * w, 0.6f); // R
        Arrays.fill(packed.data(), h * w, 2 * h * w, 0.2f); // G1
        Arrays.fill(packed.data(), 2 * h * w, 3 * h * w, 0.2f); // B
        Arrays.fill(packed.data(), 3 * h * w, 4 * h * w, 0.4f); // G2

        PlanarImage thumb = Thumbnail.of(packed, new WhiteBalance(4f, 2f, 3f)); // → (2, 1, 1.5)

        assertEquals(1.0, thumb.get(0, 12, 34), EPS); // 0.6 · 2 = 1.2, clipped to 1
        assertEquals(0.3, thumb.get(1, 12, 34), EPS); // (0.2 + 0.4) / 2
        assertEquals(0.3, thumb.get(2, 12, 34), EPS); // 0.2 · 1.5
    }

    @Test
    void areaAveragingKeepsTheMeanOfAnySize() {
        int h = 123;
        int w = 77;
        PlanarImage packed = new PlanarImage(TestData.uniform(9, 4 * h * w, 0, 1), 4, h, w);

        PlanarImage thumb = Thumbnail.of(packed, WhiteBalance.NEUTRAL);

        double sourceMean = 0;
        for (int i = 0; i < h * w; i++) {
            sourceMean += packed.data()[i];
        }
        sourceMean /= h * w;
        double thumbMean = 0;
        for (int i = 0; i < 64 * 64; i++) {
            thumbMean += thumb.data()[i];
        }
        thumbMean /= 64 * 64;
        assertEquals(sourceMean, thumbMean, 1e-6);
    }
}
