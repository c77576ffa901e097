package io.nightshift.contract.post;

import java.util.Arrays;

/**
 * A 3×3 matrix from white-balanced camera RGB to linear sRGB:
 * {@code out[i] = Σ_j m[i][j] · in[j]}. The front end takes it from the RAW (LibRaw's
 * {@code rgb_cam}, whose rows sum to 1 so white stays white).
 */
public final class ColorMatrix {

    public static final ColorMatrix IDENTITY = of(1, 0, 0, 0, 1, 0, 0, 0, 1);

    private final double[] m;

    private ColorMatrix(double[] m) {
        this.m = m;
    }

    /** From nine values, row by row. */
    public static ColorMatrix of(double... rowMajor) {
        if (rowMajor.length != 9) {
            throw new IllegalArgumentException("a colour matrix has 9 values, got " + rowMajor.length);
        }
        for (double v : rowMajor) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("colour matrix values must be finite: " + Arrays.toString(rowMajor));
            }
        }
        return new ColorMatrix(rowMajor.clone());
    }

    /**
     * From three rows of at least three values (LibRaw's {@code rgb_cam[3][4]}: the fourth column,
     * for the second green of four-colour cameras, is ignored).
     */
    public static ColorMatrix ofRows(float[][] rows) {
        if (rows.length != 3) {
            throw new IllegalArgumentException("a colour matrix has 3 rows, got " + rows.length);
        }
        double[] m = new double[9];
        for (int i = 0; i < 3; i++) {
            if (rows[i].length < 3) {
                throw new IllegalArgumentException("row " + i + " of the colour matrix has " + rows[i].length + " values");
            }
            for (int j = 0; j < 3; j++) {
                m[i * 3 + j] = rows[i][j];
            }
        }
        return of(m);
    }

    /** Element (row, column). */
    public double get(int row, int column) {
        return m[row * 3 + column];
    }

    /** The nine values, row by row (a copy). */
    public double[] rowMajor() {
        return m.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColorMatrix other && Arrays.equals(m, other.m);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(m);
    }

    @Override
    public String toString() {
        return "ColorMatrix" + Arrays.toString(m);
    }
}
