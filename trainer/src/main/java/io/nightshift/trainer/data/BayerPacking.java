package io.nightshift.trainer.data;

import io.nightshift.contract.PlanarImage;

/**
 * Between an RGGB Bayer mosaic {@code [2h, 2w]} and SID's packed planes {@code [4, h, w]} in contract
 * order R, G1, B, G2 at mosaic positions (0, 0), (0, 1), (1, 1), (1, 0) of each 2×2 block. Physical noise
 * (row noise especially) is added on the mosaic, whose rows are sensor rows.
 */
public final class BayerPacking {

    private static final int[][] OFFSETS = {{0, 0}, {0, 1}, {1, 1}, {1, 0}};

    private BayerPacking() {
    }

    /** The mosaic of a packed image: {@code 2h × 2w} values, row-major. */
    public static float[] unpack(PlanarImage packed) {
        int h = packed.height();
        int w = packed.width();
        float[] mosaic = new float[4 * h * w];
        for (int c = 0; c < 4; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    mosaic[(2 * y + OFFSETS[c][0]) * 2 * w + 2 * x + OFFSETS[c][1]] = packed.get(c, y, x);
                }
            }
        }
        return mosaic;
    }

    /** The packed planes of a {@code 2h × 2w} mosaic. */
    public static PlanarImage pack(float[] mosaic, int h, int w) {
        if (mosaic.length != 4 * h * w) {
            throw new IllegalArgumentException("a " + 2 * h + "×" + 2 * w + " mosaic has " + 4 * h * w + " values, got "
                    + mosaic.length);
        }
        PlanarImage packed = PlanarImage.zeros(4, h, w);
        for (int c = 0; c < 4; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    packed.set(c, y, x, mosaic[(2 * y + OFFSETS[c][0]) * 2 * w + 2 * x + OFFSETS[c][1]]);
                }
            }
        }
        return packed;
    }

    /** Packed channel c's offset (row, column) in its 2×2 block. */
    static int[] offset(int channel) {
        return OFFSETS[channel].clone();
    }
}
