package io.nightshift.trainer.data;

import io.nightshift.contract.PlanarImage;

/**
 * Resizes a planar image with the Catmull-Rom cubic (Keys, a = −0.5), separably: rows, then columns. Enlarging,
 * the kernel spans 4 source pixels; shrinking by {@code s < 1}, it is stretched to {@code 4 / s} source pixels, so
 * it also low-passes (no aliasing). Values are clamped to [0, 1] after (the cubic overshoots at edges).
 */
public final class Resampling {

    private Resampling() {
    }

    public static PlanarImage cubic(PlanarImage in, int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("size must be positive: " + height + "×" + width);
        }
        PlanarImage rows = PlanarImage.zeros(in.channels(), in.height(), width);
        Weights wx = weights(in.width(), width);
        for (int c = 0; c < in.channels(); c++) {
            for (int y = 0; y < in.height(); y++) {
                int base = in.index(c, y, 0);
                for (int x = 0; x < width; x++) {
                    double sum = 0;
                    for (int k = 0; k < wx.taps; k++) {
                        sum += wx.weight[x * wx.taps + k] * in.data()[base + wx.index[x * wx.taps + k]];
                    }
                    rows.set(c, y, x, (float) sum);
                }
            }
        }
        PlanarImage out = PlanarImage.zeros(in.channels(), height, width);
        Weights wy = weights(in.height(), height);
        for (int c = 0; c < in.channels(); c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double sum = 0;
                    for (int k = 0; k < wy.taps; k++) {
                        sum += wy.weight[y * wy.taps + k] * rows.get(c, wy.index[y * wy.taps + k], x);
                    }
                    out.set(c, y, x, (float) Math.max(0, Math.min(1, sum)));
                }
            }
        }
        return out;
    }

    private record Weights(int taps, int[] index, double[] weight) {
    }

    /** Per output sample: the source indices (edge-clamped) and normalised kernel weights. */
    private static Weights weights(int from, int to) {
        double scale = (double) to / from;
        double stretch = Math.max(1, 1 / scale);
        int taps = (int) Math.ceil(4 * stretch) + 1;
        int[] index = new int[to * taps];
        double[] weight = new double[to * taps];
        for (int o = 0; o < to; o++) {
            double centre = (o + 0.5) / scale - 0.5;
            int first = (int) Math.floor(centre - 2 * stretch) + 1;
            double total = 0;
            for (int k = 0; k < taps; k++) {
                int s = first + k;
                double w = catmullRom((s - centre) / stretch);
                index[o * taps + k] = Math.max(0, Math.min(from - 1, s));
                weight[o * taps + k] = w;
                total += w;
            }
            for (int k = 0; k < taps; k++) {
                weight[o * taps + k] /= total;
            }
        }
        return new Weights(taps, index, weight);
    }

    static double catmullRom(double t) {
        double x = Math.abs(t);
        if (x < 1) {
            return 1.5 * x * x * x - 2.5 * x * x + 1;
        }
        if (x < 2) {
            return -0.5 * x * x * x + 2.5 * x * x - 4 * x + 2;
        }
        return 0;
    }
}
