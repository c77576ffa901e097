package io.nightshift.raw.decode;

import io.nightshift.libraw.libraw_colordata_t;
import io.nightshift.raw.BlackLevels;
import io.nightshift.raw.CfaLayout;
import io.nightshift.raw.Channel;
import io.nightshift.raw.UnsupportedSensorException;
import io.nightshift.raw.WhiteBalance;

/**
 * LibRaw's {@code filters} word read as a 2×2 Bayer pattern on the visible frame. LibRaw's colour
 * indices are 0 red, 1 green, 2 blue and 3 the second green.
 */
final class BayerPattern {

    private final int filters;
    private final CfaLayout layout;

    private BayerPattern(int filters, CfaLayout layout) {
        this.filters = filters;
        this.layout = layout;
    }

    /**
     * The pattern of a file, or {@link UnsupportedSensorException} when it is not a 2×2 RGB Bayer
     * mosaic.
     */
    static BayerPattern of(int filters, int colors, String colorLetters, boolean foveon, int dngVersion) {
        if (filters == 9) {
            throw new UnsupportedSensorException("Fuji X-Trans sensor (6x6 colour filter, filters=9): not a Bayer mosaic");
        }
        if (foveon) {
            throw new UnsupportedSensorException("Foveon sensor: no colour filter mosaic");
        }
        if (filters == 0) {
            throw new UnsupportedSensorException(dngVersion != 0
                    ? "linear (demosaiced) DNG: no colour filter mosaic"
                    : "sensor without a colour filter mosaic (filters=0)");
        }
        if (Integer.compareUnsigned(filters, 1000) < 0) {
            throw new UnsupportedSensorException("non-Bayer colour filter (LibRaw filters=" + filters + ")");
        }
        StringBuilder origin = new StringBuilder(4);
        for (int row = 0; row < 2; row++) {
            for (int col = 0; col < 2; col++) {
                origin.append(letter(filters, row, col, colorLetters));
            }
        }
        for (int row = 0; row < 8; row++) {
            for (int col = 0; col < 2; col++) {
                if (letter(filters, row, col, colorLetters) != origin.charAt(((row & 1) << 1) | col)) {
                    throw new UnsupportedSensorException("colour filter repeats over more than 2x2 pixels (filters=0x"
                            + Integer.toHexString(filters) + ")");
                }
            }
        }
        CfaLayout layout;
        try {
            layout = CfaLayout.of(origin.toString());
        } catch (IllegalArgumentException e) {
            throw new UnsupportedSensorException("colour filter " + origin + " (" + colorLetters + ", " + colors
                    + " colours) is not an RGB Bayer mosaic");
        }
        return new BayerPattern(filters, layout);
    }

    private static char letter(int filters, int row, int col, String colorLetters) {
        int index = colorIndex(filters, row, col);
        return index < colorLetters.length() ? colorLetters.charAt(index) : '?';
    }

    /** LibRaw's FC(row, col). */
    static int colorIndex(int filters, int row, int col) {
        return (filters >>> ((((row << 1) & 14) | (col & 1)) << 1)) & 3;
    }

    CfaLayout layout() {
        return layout;
    }

    /** LibRaw's colour index of a channel's pixel in the origin block. */
    int colorIndexOf(Channel channel) {
        return colorIndex(filters, layout.rowOf(channel), layout.colOf(channel));
    }

    /**
     * Per-channel black: {@code black + cblack[colour]} plus the mean of the {@code cblack} pattern
     * (dimensions {@code cblack[4] × cblack[5]}) over the channel's positions.
     */
    BlackLevels blackLevels(libraw_colordata_t color) {
        int[] levels = new int[4];
        int patternRows = color.cblack(4);
        int patternCols = color.cblack(5);
        boolean pattern = patternRows > 0 && patternCols > 0 && patternRows * patternCols <= 4096 - 6;
        for (Channel channel : Channel.values()) {
            double level = color.black() + (double) color.cblack(colorIndexOf(channel));
            if (pattern) {
                // visit the channel's positions over one common period of the pattern and the 2x2 mosaic
                int rows = patternRows * 2;
                int cols = patternCols * 2;
                double sum = 0;
                int count = 0;
                for (int row = layout.rowOf(channel); row < rows; row += 2) {
                    for (int col = layout.colOf(channel); col < cols; col += 2) {
                        sum += color.cblack(6 + (row % patternRows) * patternCols + (col % patternCols));
                        count++;
                    }
                }
                level += sum / count;
            }
            levels[channel.ordinal()] = (int) Math.round(level);
        }
        return new BlackLevels(levels[0], levels[1], levels[2], levels[3]);
    }

    /**
     * The white balance to use, normalised to G1 = 1, as dcraw chooses it: the as-shot multipliers
     * ({@code cam_mul}) when the file records usable ones, else LibRaw's daylight multipliers for the
     * camera ({@code pre_mul}), else ones. As-shot multipliers are unusable when R, G or B is not a
     * positive number (LibRaw's {@code cam_mul[0] = -1} means "none") or when R, G and B are all equal:
     * LibRaw leaves {@code 1 1 1 1} when a file records no white balance (the Nikon D1 does), and no
     * real sensor is balanced as shot. LibRaw's 0 for the second green means "same as green".
     */
    WhiteBalance whiteBalance(libraw_colordata_t color) {
        float[] asShot = inSidOrder(color::cam_mul);
        if (usable(asShot) && !(asShot[0] == asShot[1] && asShot[1] == asShot[2])) {
            return normalised(asShot, WhiteBalance.Source.AS_SHOT);
        }
        float[] daylight = inSidOrder(color::pre_mul);
        if (usable(daylight)) {
            return normalised(daylight, WhiteBalance.Source.DAYLIGHT);
        }
        return new WhiteBalance(1, 1, 1, 1, WhiteBalance.Source.UNITY);
    }

    private float[] inSidOrder(java.util.function.IntToDoubleFunction multipliers) {
        float[] wb = new float[4];
        for (Channel channel : Channel.values()) {
            int index = colorIndexOf(channel);
            double value = multipliers.applyAsDouble(index);
            if (!(value > 0) && index == 3) {
                value = multipliers.applyAsDouble(1);
            }
            wb[channel.ordinal()] = (float) value;
        }
        return wb;
    }

    /** R, G1, B and G2 positive and finite. */
    private static boolean usable(float[] wb) {
        for (float value : wb) {
            if (!(value > 0) || Float.isInfinite(value)) {
                return false;
            }
        }
        return true;
    }

    private static WhiteBalance normalised(float[] wb, WhiteBalance.Source source) {
        float green = wb[Channel.G1.ordinal()];
        return new WhiteBalance(wb[0] / green, 1f, wb[2] / green, wb[3] / green, source);
    }
}
