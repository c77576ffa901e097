package io.nightshift.raw;

import java.util.Arrays;

/** A 3×3 matrix taking linear camera RGB to linear sRGB (LibRaw's {@code rgb_cam}), row-major. */
public record ColorMatrix(double[] rowMajor) {

    public ColorMatrix {
        if (rowMajor.length != 9) {
            throw new IllegalArgumentException("a 3x3 matrix has 9 entries, got " + rowMajor.length);
        }
        rowMajor = rowMajor.clone();
    }

    public static ColorMatrix identity() {
        return new ColorMatrix(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1});
    }

    public double get(int row, int col) {
        return rowMajor[row * 3 + col];
    }

    @Override
    public double[] rowMajor() {
        return rowMajor.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColorMatrix m && Arrays.equals(rowMajor, m.rowMajor);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rowMajor);
    }

    @Override
    public String toString() {
        return "ColorMatrix" + Arrays.toString(rowMajor);
    }
}
