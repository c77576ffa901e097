package io.nightshift.contract.image;

/**
 * Exact area-averaging weights for resampling a line of {@code sourceLength} pixels to
 * {@code targetLength} pixels: target pixel {@code i} covers the source interval
 * {@code [i·S/T, (i+1)·S/T)}, and each source pixel counts with the length of its overlap with that
 * interval, divided by the interval's length {@code S/T}. Works for shrinking and enlarging alike
 * (enlarging then mixes at most two neighbouring pixels); the weights of each target pixel sum to 1.
 * Boundaries are computed in integers, so there is no drift.
 */
final class AreaWeights {

    private final int[] first;
    private final int[] count;
    private final double[][] weights;

    private AreaWeights(int[] first, int[] count, double[][] weights) {
        this.first = first;
        this.count = count;
        this.weights = weights;
    }

    static AreaWeights of(int sourceLength, int targetLength) {
        if (sourceLength <= 0 || targetLength <= 0) {
            throw new IllegalArgumentException("lengths must be positive: " + sourceLength + " → " + targetLength);
        }
        int[] first = new int[targetLength];
        int[] count = new int[targetLength];
        double[][] weights = new double[targetLength][];
        // in units of 1/targetLength source pixels: target i spans [i·S, (i+1)·S), source k spans [k·T, (k+1)·T)
        long s = sourceLength;
        long t = targetLength;
        for (int i = 0; i < targetLength; i++) {
            long lo = i * s;
            long hi = (i + 1) * s;
            int k0 = (int) (lo / t);
            int k1 = (int) ((hi + t - 1) / t); // exclusive
            first[i] = k0;
            count[i] = k1 - k0;
            weights[i] = new double[k1 - k0];
            for (int k = k0; k < k1; k++) {
                long overlap = Math.min(hi, (k + 1) * t) - Math.max(lo, k * t);
                weights[i][k - k0] = (double) overlap / s;
            }
        }
        return new AreaWeights(first, count, weights);
    }

    int first(int target) {
        return first[target];
    }

    int count(int target) {
        return count[target];
    }

    double weight(int target, int j) {
        return weights[target][j];
    }
}
