package io.nightshift.contract.post;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import org.junit.jupiter.api.Test;

class PostProcessorTest {

    private static final double EPS = 1e-6;

    private static PlanarImage onePixel(float r, float g, float b) {
        return new PlanarImage(new float[] {r, g, b}, 3, 1, 1);
    }

    @Test
    void clipsAppliesTheMatrixClipsAgainAndEncodes() {
        ColorMatrix m = ColorMatrix.of(
                1.5, -0.3, -0.2,
                -0.1, 1.2, -0.1,
                0.0, -0.4, 1.4);
        PlanarImage out = PostProcessor.colourOnly(m, 1, 1).apply(onePixel(0.2f, 0.4f, 0.1f));

        // r = 0.3 − 0.12 − 0.02 = 0.16; g = −0.02 + 0.48 − 0.01 = 0.45; b = −0.16 + 0.14 = −0.02 → 0
        assertEquals(0.43662706741680085, out.data()[0], EPS);
        assertEquals(0.7014107175340978, out.data()[1], EPS);
        assertEquals(0.0, out.data()[2], EPS);
    }

    @Test
    void clipsTheNetworkOutputBeforeTheMatrix() {
        ColorMatrix m = ColorMatrix.of(0.5, 0, 0, 0, 1, 0, 0.25, 0, 0.25);
        PlanarImage out = PostProcessor.colourOnly(m, 1, 1).apply(onePixel(1.5f, -0.2f, 0.04f));

        assertEquals(0.7353569830524495, out.data()[0], EPS); // 1.5 → 1, · 0.5 = 0.5 (not 0.75)
        assertEquals(0.0, out.data()[1], EPS); // −0.2 → 0
        assertEquals(0.5468542818359313, out.data()[2], EPS); // 0.25 · 1 + 0.25 · 0.04 = 0.26
    }

    @Test
    void takesLibRawRgbCamRowsIgnoringTheFourthColumn() {
        ColorMatrix m = ColorMatrix.ofRows(new float[][] {
            {1.6f, -0.5f, -0.1f, 9f},
            {-0.2f, 1.5f, -0.3f, 9f},
            {0f, -0.6f, 1.6f, 9f}});
        assertEquals(-0.3, m.get(1, 2), 1e-7);
        assertEquals(1.6, m.get(2, 2), 1e-7);
        // a grey pixel stays grey: each row sums to 1
        PlanarImage out = PostProcessor.colourOnly(m, 1, 1).apply(onePixel(0.18f, 0.18f, 0.18f));
        for (float v : out.data()) {
            assertEquals(0.46135612950044164, v, 1e-6);
        }
    }

    /** 4 rows × 6 columns; R = (10·y + x) / 100, G and B zero. */
    private static PlanarImage grid() {
        PlanarImage image = PlanarImage.zeros(3, 4, 6);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                image.set(0, y, x, (10 * y + x) / 100f);
            }
        }
        return image;
    }

    /** The source R value that output pixel (row, col) came from, undoing the curve. */
    private static double sourceOf(PlanarImage out, int row, int col) {
        return SrgbCurve.decode(out.get(0, row, col));
    }

    private static PlanarImage place(FrameWindow frame, Orientation orientation) {
        return new PostProcessor(ColorMatrix.IDENTITY, orientation, frame).apply(grid());
    }

    @Test
    void cutsTheVisibleFrameOutOfTheOutput() {
        PlanarImage out = place(new FrameWindow(1, 1, 4, 2), Orientation.NONE);

        assertEquals(2, out.height());
        assertEquals(4, out.width());
        assertEquals(0.11, sourceOf(out, 0, 0), 1e-5);
        assertEquals(0.24, sourceOf(out, 1, 3), 1e-5);
    }

    @Test
    void repeatsTheNearestOutputPixelWhereTheFrameReachesBeyondIt() {
        PlanarImage beyond = place(new FrameWindow(3, 2, 5, 3), Orientation.NONE);
        assertEquals(0.35, sourceOf(beyond, 2, 4), 1e-5); // frame (4, 7) → last row, last column
        assertEquals(0.25, sourceOf(beyond, 0, 2), 1e-5); // frame (2, 5)
        assertEquals(0.33, sourceOf(beyond, 1, 0), 1e-5); // frame (3, 3)

        PlanarImage before = place(new FrameWindow(-1, -1, 3, 2), Orientation.NONE);
        assertEquals(0.00, sourceOf(before, 0, 0), 1e-5);
        assertEquals(0.00, sourceOf(before, 1, 1), 1e-5);
        assertEquals(0.01, sourceOf(before, 1, 2), 1e-5);
    }

    @Test
    void turnsTheFrameAfterCuttingItInSensorOrientation() {
        // frame rows 1–2, columns 1–4, then 90° clockwise: 4 rows × 2 columns
        PlanarImage out = place(new FrameWindow(1, 1, 4, 2), Orientation.fromFlip(6));

        assertEquals(4, out.height());
        assertEquals(2, out.width());
        assertEquals(0.21, sourceOf(out, 0, 0), 1e-5); // bottom-left of the frame goes top-left
        assertEquals(0.11, sourceOf(out, 0, 1), 1e-5);
        assertEquals(0.24, sourceOf(out, 3, 0), 1e-5);

        PlanarImage upsideDown = place(new FrameWindow(1, 1, 4, 2), Orientation.fromFlip(3));
        assertEquals(0.24, sourceOf(upsideDown, 0, 0), 1e-5);
        assertEquals(0.11, sourceOf(upsideDown, 1, 3), 1e-5);
    }

    @Test
    void processesTwelveMegapixelsWithoutPerPixelAllocation() {
        int h = 3000;
        int w = 4000;
        PlanarImage linear = PlanarImage.zeros(3, h, w);
        float[] d = linear.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (i % 1021) / 1020f;
        }
        PostProcessor post = new PostProcessor(ColorMatrix.of(1.6, -0.5, -0.1, -0.2, 1.5, -0.3, 0, -0.6, 1.6),
                Orientation.ROTATE_90_CW, new FrameWindow(0, 0, w, h));

        long start = System.nanoTime();
        PlanarImage out = post.apply(linear);
        double seconds = (System.nanoTime() - start) / 1e9;

        System.out.printf("post-processing 12 MP (3000×4000, rotated): %.2f s%n", seconds);
        assertEquals(4000, out.height());
        assertEquals(3000, out.width());
        assertTrue(seconds < 20, "12 MP took " + seconds + " s");
    }
}
