package io.nightshift.raw;

import java.util.Arrays;

/**
 * A 3×3 colour matrix, row-major: LibRaw's {@code rgb_cam} (white-balanced camera RGB to linear sRGB) or a
 * DNG's ColorMatrix1 (XYZ to camera RGB).
 */
public record ColorMatrix(double[] rowMajor) {

    /** Linear sRGB to XYZ (D65): LibRaw's own {@code xyz_rgb}, from which it derives {@code rgb_cam}. */
    public static final ColorMatrix SRGB_TO_XYZ = new ColorMatrix(new double[] {
        0.4124564, 0.3575761, 0.1804375, 0.2126729, 0.7151522, 0.0721750, 0.0193339, 0.1191920, 0.9503041});

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

    /** This matrix times {@code other}: {@code (this · other)[i][j] = Σ_k this[i][k] · other[k][j]}. */
    public ColorMatrix times(ColorMatrix other) {
        double[] product = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double sum = 0;
                for (int k = 0; k < 3; k++) {
                    sum += get(i, k) * other.get(k, j);
                }
                product[i * 3 + j] = sum;
            }
        }
        return new ColorMatrix(product);
    }

    /** The inverse, or {@link IllegalArgumentException} for a singular matrix. */
    public ColorMatrix inverse() {
        double[] m = rowMajor;
        double[] cofactors = {
            m[4] * m[8] - m[5] * m[7], m[2] * m[7] - m[1] * m[8], m[1] * m[5] - m[2] * m[4],
            m[5] * m[6] - m[3] * m[8], m[0] * m[8] - m[2] * m[6], m[2] * m[3] - m[0] * m[5],
            m[3] * m[7] - m[4] * m[6], m[1] * m[6] - m[0] * m[7], m[0] * m[4] - m[1] * m[3]};
        double determinant = m[0] * cofactors[0] + m[1] * cofactors[3] + m[2] * cofactors[6];
        if (!(Math.abs(determinant) > 1e-12) || !Double.isFinite(determinant)) {
            throw new IllegalArgumentException("singular colour matrix " + this);
        }
        for (int i = 0; i < 9; i++) {
            cofactors[i] /= determinant;
        }
        return new ColorMatrix(cofactors);
    }

    /** The largest absolute difference of two matrices' entries. */
    public double maxDifference(ColorMatrix other) {
        double worst = 0;
        for (int i = 0; i < 9; i++) {
            worst = Math.max(worst, Math.abs(rowMajor[i] - other.rowMajor[i]));
        }
        return worst;
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
