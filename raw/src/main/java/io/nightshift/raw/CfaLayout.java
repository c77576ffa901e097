package io.nightshift.raw;

import java.util.Locale;

/** The 2×2 Bayer pattern at the visible frame's origin, read row by row. */
public enum CfaLayout {
    RGGB, BGGR, GRBG, GBRG;

    /** Colour letter ({@code 'R'}, {@code 'G'} or {@code 'B'}) at a visible-frame position. */
    public char colorAt(int row, int col) {
        return name().charAt(((row & 1) << 1) | (col & 1));
    }

    /** Row (0 or 1) of the red pixel in the origin block. */
    public int redRow() {
        return name().indexOf('R') >> 1;
    }

    /** Column (0 or 1) of the red pixel in the origin block. */
    public int redCol() {
        return name().indexOf('R') & 1;
    }

    /** Row (0 or 1) of a channel in the origin block of this layout. */
    public int rowOf(Channel channel) {
        return (redRow() + channel.rowInRggb()) & 1;
    }

    /** Column (0 or 1) of a channel in the origin block of this layout. */
    public int colOf(Channel channel) {
        return (redCol() + channel.colInRggb()) & 1;
    }

    /** The layout whose four letters, row by row, are {@code pattern} (case-insensitive). */
    public static CfaLayout of(String pattern) {
        return valueOf(pattern.toUpperCase(Locale.ROOT));
    }
}
