package io.nightshift.raw;

/**
 * The four Bayer channels in SID packing order. {@code G1} is the green on the red pixel's row,
 * {@code G2} the green on the blue pixel's row; in an RGGB mosaic they sit at (0,0), (0,1), (1,1),
 * (1,0).
 */
public enum Channel {
    R(0, 0), G1(0, 1), B(1, 1), G2(1, 0);

    private final int rowInRggb;
    private final int colInRggb;

    Channel(int rowInRggb, int colInRggb) {
        this.rowInRggb = rowInRggb;
        this.colInRggb = colInRggb;
    }

    /** Row of this channel inside a 2×2 block whose top-left pixel is red. */
    public int rowInRggb() {
        return rowInRggb;
    }

    /** Column of this channel inside a 2×2 block whose top-left pixel is red. */
    public int colInRggb() {
        return colInRggb;
    }
}
