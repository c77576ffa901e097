package io.nightshift.trainer.data;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.image.WhiteBalance;
import io.nightshift.contract.post.ColorMatrix;
import io.nightshift.contract.post.SrgbCurve;

/**
 * "Unprocessing" (Brooks et al., CVPR 2019): turns an sRGB photograph into a clean RAW-like training
 * pair by inverting the contract's post-processing step by step — the sRGB curve, the camera→sRGB
 * matrix, the white balance (with Brooks's highlight-preserving "safe" gains) — and mosaicking. No
 * tone curve is inverted because the contract's post-processing applies none.
 *
 * <p>For an sRGB image of {@code 2h × 2w}: {@code packed [4, h, w]} is the clean raw (black-subtracted,
 * [0, 1], before white balance), and {@code target [3, 2h, 2w]} the linear white-balanced camera RGB the
 * enhancer must output: the raw image times the white-balance gains, so {@code packed × WB} equals the
 * target at every mosaic site.
 */
public final class Unprocessor {

    /** Brooks's highlight threshold on the mean linear intensity. */
    static final double INFLECTION = 0.9;

    private final double[] srgbToCamera;
    private final WhiteBalance whiteBalance;

    /**
     * @param cameraToSrgb the camera's matrix as post-processing applies it (white-balanced camera RGB → linear sRGB)
     * @param whiteBalance the as-shot gains to invert, normalised (smallest 1)
     */
    public Unprocessor(ColorMatrix cameraToSrgb, WhiteBalance whiteBalance) {
        this.srgbToCamera = invert(cameraToSrgb.rowMajor());
        this.whiteBalance = whiteBalance.normalised();
    }

    /** The clean raw and its target. */
    public record Pair(PlanarImage packed, PlanarImage target, WhiteBalance whiteBalance) {
    }

    /** @param srgb {@code [3, 2h, 2w]}, encoded sRGB in [0, 1] */
    public Pair unprocess(PlanarImage srgb) {
        if (srgb.channels() != 3 || srgb.height() % 2 != 0 || srgb.width() % 2 != 0) {
            throw new IllegalArgumentException("need an RGB image of even sides, got " + srgb.channels() + "×"
                    + srgb.height() + "×" + srgb.width());
        }
        int hh = srgb.height();
        int ww = srgb.width();
        float[] gains = {whiteBalance.red(), whiteBalance.green(), whiteBalance.blue()};
        PlanarImage target = PlanarImage.zeros(3, hh, ww);
        float[] mosaic = new float[hh * ww];
        double[] linear = new double[3];
        double[] camera = new double[3];
        for (int y = 0; y < hh; y++) {
            for (int x = 0; x < ww; x++) {
                for (int c = 0; c < 3; c++) {
                    linear[c] = SrgbCurve.decode(Math.min(Math.max(srgb.get(c, y, x), 0), 1));
                }
                double gray = 0;
                for (int r = 0; r < 3; r++) {
                    camera[r] = Math.max(0, srgbToCamera[3 * r] * linear[0] + srgbToCamera[3 * r + 1] * linear[1]
                            + srgbToCamera[3 * r + 2] * linear[2]);
                    gray += camera[r] / 3;
                }
                double mask = Math.pow(Math.max(gray - INFLECTION, 0) / (1 - INFLECTION), 2);
                for (int c = 0; c < 3; c++) {
                    double inverse = 1.0 / gains[c];
                    double safe = Math.max(mask + (1 - mask) * inverse, inverse);
                    double raw = Math.min(camera[c] * safe, 1);
                    camera[c] = raw;
                    target.set(c, y, x, (float) (raw * gains[c]));
                }
                mosaic[y * ww + x] = (float) camera[bayerColour(y, x)];
            }
        }
        return new Pair(BayerPacking.pack(mosaic, hh / 2, ww / 2), target, whiteBalance);
    }

    /** RGGB: R at (even, even), G at (even, odd) and (odd, even), B at (odd, odd); 0 R, 1 G, 2 B. */
    static int bayerColour(int y, int x) {
        return (y & 1) + (x & 1);
    }

    static double[] invert(double[] m) {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
        if (Math.abs(det) < 1e-12) {
            throw new IllegalArgumentException("the colour matrix is singular");
        }
        return new double[] {
            (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
            (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det,
        };
    }
}
