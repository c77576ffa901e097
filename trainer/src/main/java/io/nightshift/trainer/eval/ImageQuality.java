package io.nightshift.trainer.eval;

import io.nightshift.contract.PlanarImage;

/**
 * PSNR and SSIM of display images {@code [3, H, W]} in [0, 1] (peak 1). SSIM is Wang et al.'s (2004): an 11×11
 * Gaussian window with σ = 1.5, K1 = 0.01, K2 = 0.03, computed per channel and averaged over the valid region
 * (windows wholly inside the image) and the three channels, as scikit-image's {@code structural_similarity}
 * with {@code gaussian_weights=True} does.
 */
public final class ImageQuality {

    private static final int RADIUS = 5;
    private static final double SIGMA = 1.5;
    private static final double C1 = 0.01 * 0.01;
    private static final double C2 = 0.03 * 0.03;

    private ImageQuality() {
    }

    public static double psnr(PlanarImage a, PlanarImage b) {
        check(a, b);
        double se = 0;
        float[] x = a.data();
        float[] y = b.data();
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            se += d * d;
        }
        return 10 * Math.log10(1 / Math.max(se / x.length, 1e-12));
    }

    public static double ssim(PlanarImage a, PlanarImage b) {
        check(a, b);
        int h = a.height();
        int w = a.width();
        if (h < 2 * RADIUS + 1 || w < 2 * RADIUS + 1) {
            throw new IllegalArgumentException("SSIM needs at least " + (2 * RADIUS + 1) + " pixels a side");
        }
        double[] g = gaussian();
        double sum = 0;
        for (int c = 0; c < a.channels(); c++) {
            double[] x = plane(a, c);
            double[] y = plane(b, c);
            double[] xx = new double[x.length];
            double[] yy = new double[x.length];
            double[] xy = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                xx[i] = x[i] * x[i];
                yy[i] = y[i] * y[i];
                xy[i] = x[i] * y[i];
            }
            double[] mx = blur(x, h, w, g);
            double[] my = blur(y, h, w, g);
            double[] sxx = blur(xx, h, w, g);
            double[] syy = blur(yy, h, w, g);
            double[] sxy = blur(xy, h, w, g);
            double s = 0;
            int n = 0;
            for (int yy0 = RADIUS; yy0 < h - RADIUS; yy0++) {
                for (int xx0 = RADIUS; xx0 < w - RADIUS; xx0++) {
                    int i = yy0 * w + xx0;
                    double vx = sxx[i] - mx[i] * mx[i];
                    double vy = syy[i] - my[i] * my[i];
                    double cov = sxy[i] - mx[i] * my[i];
                    s += (2 * mx[i] * my[i] + C1) * (2 * cov + C2)
                            / ((mx[i] * mx[i] + my[i] * my[i] + C1) * (vx + vy + C2));
                    n++;
                }
            }
            sum += s / n;
        }
        return sum / a.channels();
    }

    private static double[] plane(PlanarImage p, int c) {
        double[] out = new double[p.planeSize()];
        int base = p.index(c, 0, 0);
        for (int i = 0; i < out.length; i++) {
            out[i] = p.data()[base + i];
        }
        return out;
    }

    private static double[] gaussian() {
        double[] g = new double[2 * RADIUS + 1];
        double total = 0;
        for (int i = -RADIUS; i <= RADIUS; i++) {
            g[i + RADIUS] = Math.exp(-i * i / (2 * SIGMA * SIGMA));
            total += g[i + RADIUS];
        }
        for (int i = 0; i < g.length; i++) {
            g[i] /= total;
        }
        return g;
    }

    /** Separable Gaussian filter; only values whose window lies inside the image are used by the caller. */
    private static double[] blur(double[] v, int h, int w, double[] g) {
        double[] tmp = new double[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = RADIUS; x < w - RADIUS; x++) {
                double s = 0;
                for (int k = -RADIUS; k <= RADIUS; k++) {
                    s += g[k + RADIUS] * v[y * w + x + k];
                }
                tmp[y * w + x] = s;
            }
        }
        double[] out = new double[v.length];
        for (int y = RADIUS; y < h - RADIUS; y++) {
            for (int x = RADIUS; x < w - RADIUS; x++) {
                double s = 0;
                for (int k = -RADIUS; k <= RADIUS; k++) {
                    s += g[k + RADIUS] * tmp[(y + k) * w + x];
                }
                out[y * w + x] = s;
            }
        }
        return out;
    }

    private static void check(PlanarImage a, PlanarImage b) {
        if (a.channels() != b.channels() || a.height() != b.height() || a.width() != b.width()) {
            throw new IllegalArgumentException("images differ in shape: " + a.channels() + "×" + a.height() + "×"
                    + a.width() + " vs " + b.channels() + "×" + b.height() + "×" + b.width());
        }
    }
}
