package io.nightshift.inference.tiling;

import io.nightshift.contract.ContractV1;

/**
 * Reflect padding at the bottom and right to multiples of 16, without copying the image: a padded
 * index maps back to a source index as NumPy's {@code reflect} mode does (the edge pixel is not
 * repeated: {@code … 2 1 0 | 0 1 2 … n−1 | n−2 n−3 …}), folding again for pads longer than the image.
 */
public final class ReflectPadding {

    private ReflectPadding() {
    }

    /** {@code n} rounded up to a multiple of 16. */
    public static int padded(int n) {
        int m = ContractV1.SIZE_MULTIPLE;
        return (n + m - 1) / m * m;
    }

    /** The source index of padded index {@code i} on an axis of {@code n} pixels. */
    public static int source(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int k = Math.floorMod(i, period);
        return k < n ? k : period - k;
    }
}
