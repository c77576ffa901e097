package io.nightshift.contract.post;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused, table-driven post-processing ({@link PostProcessor#apply}, {@link PostProcessor#render8},
 * {@link PostProcessor#render16}) against the implementation it replaced (kept here as the oracle: per pixel,
 * double precision, the exact {@link SrgbCurve} formula), on every orientation and on frames that start before,
 * inside and beyond the network output.
 */
class PostProcessorRenderTest {

    private static final ColorMatrix MATRIX = ColorMatrix.of(1.62, -0.48, -0.14, -0.21, 1.44, -0.23, 0.03, -0.52, 1.49);

    @Test
    void matchesTheExactFormulaOnEveryOrientationAndFrame() {
        PlanarImage rgb = networkOutput(37, 53, 3);
        FrameWindow[] frames = {
                new FrameWindow(0, 0, 53, 37),      // the whole output
                new FrameWindow(3, 2, 41, 30),      // inside
                new FrameWindow(-1, -2, 55, 40),    // starting before and reaching beyond the output
        };
        int checked = 0;
        for (Orientation orientation : Orientation.values()) {
            for (FrameWindow frame : frames) {
                PostProcessor post = new PostProcessor(MATRIX, orientation, frame);
                PlanarImage exact = reference(post, rgb);
                PlanarImage floats = post.apply(rgb);
                Rgb8Image eight = post.render8(rgb);
                Rgb16Image sixteen = post.render16(rgb);
                assertEquals(exact.height(), post.outputHeight());
                assertEquals(exact.width(), post.outputWidth());
                assertEquals(exact.height(), eight.height());
                assertEquals(exact.width(), sixteen.width());
                double worstFloat = 0;
                int worst8 = 0;
                int worst16 = 0;
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < exact.height(); y++) {
                        for (int x = 0; x < exact.width(); x++) {
                            double e = exact.get(c, y, x);
                            worstFloat = Math.max(worstFloat, Math.abs(floats.get(c, y, x) - e));
                            worst8 = Math.max(worst8, Math.abs(eight.get(c, y, x) - (int) Math.round(e * 255)));
                            worst16 = Math.max(worst16, Math.abs(sixteen.get(c, y, x) - (int) Math.round(e * 65535)));
                            checked++;
                        }
                    }
                }
                String where = orientation + " " + frame;
                assertTrue(worstFloat < 5e-6, where + ": float " + worstFloat);
                assertTrue(worst8 <= 1, where + ": 8-bit " + worst8);
                assertTrue(worst16 <= 1, where + ": 16-bit " + worst16);
            }
        }
        assertTrue(checked > 8 * 3 * 3 * 1000, "compared " + checked + " samples");
    }

    @Test
    void mostSamplesAreExactlyTheOldRounding() {
        PlanarImage rgb = networkOutput(64, 96, 5);
        PostProcessor post = new PostProcessor(MATRIX, Orientation.ROTATE_90_CW, new FrameWindow(1, 0, 95, 64));
        PlanarImage exact = reference(post, rgb);
        Rgb8Image eight = post.render8(rgb);
        Rgb16Image sixteen = post.render16(rgb);
        int differ8 = 0;
        int differ16 = 0;
        int n = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < exact.height(); y++) {
                for (int x = 0; x < exact.width(); x++, n++) {
                    differ8 += eight.get(c, y, x) != (int) Math.round(exact.get(c, y, x) * 255) ? 1 : 0;
                    differ16 += sixteen.get(c, y, x) != (int) Math.round(exact.get(c, y, x) * 65535) ? 1 : 0;
                }
            }
        }
        assertTrue(differ8 < n / 100, differ8 + " of " + n + " 8-bit samples differ by one");
        assertTrue(differ16 < n / 10, differ16 + " of " + n + " 16-bit samples differ by one");
    }

    @Test
    void bandsOfRowsMakeTheWholeImage() {
        PlanarImage rgb = networkOutput(41, 29, 9);
        for (Orientation orientation : new Orientation[] {Orientation.NONE, Orientation.ROTATE_90_CCW, Orientation.TRANSVERSE}) {
            PostProcessor post = new PostProcessor(MATRIX, orientation, new FrameWindow(-1, 2, 30, 38));
            Rgb8Image whole8 = post.render8(rgb);
            Rgb16Image whole16 = post.render16(rgb);
            int w = post.outputWidth();
            byte[] banded8 = new byte[whole8.data().length];
            short[] banded16 = new short[whole16.data().length];
            for (int row = 0; row < post.outputHeight(); row += 7) {
                int rows = Math.min(7, post.outputHeight() - row);
                post.render8(rgb, row, rows, banded8, 3 * w * row);
                post.render16(rgb, row, rows, banded16, 3 * w * row);
            }
            assertArrayEquals(whole8.data(), banded8, orientation.toString());
            assertArrayEquals(whole16.data(), banded16, orientation.toString());
        }
        PostProcessor post = PostProcessor.colourOnly(MATRIX, 29, 41);
        assertThrows(IllegalArgumentException.class, () -> post.render8(rgb, 40, 2, new byte[3 * 29 * 2], 0));
        assertThrows(IllegalArgumentException.class, () -> post.render8(rgb, 0, 2, new byte[3 * 29 * 2 - 1], 0));
    }

    @Test
    void notANumberBecomesBlackAsBefore() {
        PlanarImage rgb = PlanarImage.zeros(3, 1, 2);
        rgb.set(0, 0, 0, Float.NaN);
        rgb.set(1, 0, 0, Float.NaN);
        rgb.set(2, 0, 0, Float.NaN);
        rgb.set(0, 0, 1, 2f);
        rgb.set(1, 0, 1, 2f);
        rgb.set(2, 0, 1, 2f);
        Rgb8Image out = PostProcessor.colourOnly(ColorMatrix.IDENTITY, 2, 1).render8(rgb);
        assertArrayEquals(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255}, out.data());
    }

    /** Smooth gradients, noise, and values below 0 and above 1, as a network's output has. */
    static PlanarImage networkOutput(int h, int w, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PlanarImage rgb = PlanarImage.zeros(3, h, w);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double base = (x + 2.0 * y + 17 * c) / (w + 2.0 * h + 40);
                    double v = base * base * 1.1 - 0.03 + random.nextDouble(-0.02, 0.02);
                    if (random.nextInt(50) == 0) {
                        v = random.nextDouble(0, 0.004); // the curve's linear toe
                    }
                    rgb.set(c, y, x, (float) v);
                }
            }
        }
        return rgb;
    }

    /** TEST ORACLE: the post-processing before issue 20, per pixel in double precision with the exact curve. */
    static PlanarImage reference(PostProcessor p, PlanarImage linearRgb) {
        FrameWindow frame = p.frame();
        Orientation orientation = p.orientation();
        int outH = orientation.outputHeight(frame.height(), frame.width());
        int outW = orientation.outputWidth(frame.height(), frame.width());
        PlanarImage out = PlanarImage.zeros(3, outH, outW);
        int srcH = linearRgb.height();
        int srcW = linearRgb.width();
        int srcPlane = linearRgb.planeSize();
        int outPlane = out.planeSize();
        float[] src = linearRgb.data();
        float[] dst = out.data();
        ColorMatrix m = p.matrix();
        for (int row = 0; row < outH; row++) {
            for (int col = 0; col < outW; col++) {
                int sy = clampIndex(orientation.sourceRow(row, col, frame.height()) + frame.top(), srcH);
                int sx = clampIndex(orientation.sourceColumn(row, col, frame.width()) + frame.left(), srcW);
                int s = sy * srcW + sx;
                double r = clip(src[s]);
                double g = clip(src[s + srcPlane]);
                double b = clip(src[s + 2 * srcPlane]);
                int d = row * outW + col;
                for (int c = 0; c < 3; c++) {
                    dst[d + c * outPlane] = (float) SrgbCurve.encode(m.get(c, 0) * r + m.get(c, 1) * g + m.get(c, 2) * b);
                }
            }
        }
        return out;
    }

    private static double clip(float v) {
        return v > 0f ? (v < 1f ? v : 1.0) : 0.0;
    }

    private static int clampIndex(int i, int length) {
        return i < 0 ? 0 : (i >= length ? length - 1 : i);
    }
}
