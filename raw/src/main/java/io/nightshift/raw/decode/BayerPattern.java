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
     * As-shot multipliers normalised to G1 = 1; LibRaw's 0 for the second green means "same as
     * green". When the file records none (LibRaw's {@code cam_mul[0]} is -1 or 0), LibRaw's daylight
     * multipliers ({@code pre_mul}), which its own processing then uses, stand in.
     */
    WhiteBalance whiteBalance(libraw_colordata_t color) {
        boolean recorded = color.cam_mul(0) > 0 && color.cam_mul(1) > 0 && color.cam_mul(2) > 0;
        float[] wb = new float[4];
        for (Channel channel : Channel.values()) {
            int index = colorIndexOf(channel);
            float value = recorded ? color.cam_mul(index) : color.pre_mul(index);
            if (value <= 0 && index == 3) {
                value = recorded ? color.cam_mul(1) : color.pre_mul(1);
            }
            wb[channel.ordinal()] = value;
        }
        float green = wb[Channel.G1.ordinal()];
        if (green > 0) {
            for (int c = 0; c < 4; c++) {
                wb[c] /= green;
            }
        }
        return new WhiteBalance(wb[0], wb[1], wb[2], wb[3]);
    }
}
