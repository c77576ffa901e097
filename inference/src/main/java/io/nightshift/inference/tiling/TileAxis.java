package io.nightshift.inference.tiling;

import io.nightshift.contract.ContractV1;

/**
 * The tiles along one axis of the padded image: their origins (packed pixels, multiples of 16) and,
 * per tile, the blending weight of each of its output pixels (output resolution, twice the packed),
 * already divided by the sum over all tiles, so the weights at any output pixel sum to 1. Weights are
 * separable: a 2-D tile's weight is the product of its row's and its column's.
 */
public final class TileAxis {

    private final int length;
    private final int tile;
    private final int[] origins;
    private final float[][] weights;

    private TileAxis(int length, int tile, int[] origins, float[][] weights) {
        this.length = length;
        this.tile = tile;
        this.origins = origins;
        this.weights = weights;
    }

    /**
     * @param length padded length in packed pixels (a multiple of 16)
     */
    static TileAxis of(int length, TilingConfig config) {
        int tile = Math.min(config.tile(), length);
        int[] origins = origins(length, tile, config.overlap());
        int up = ContractV1.UPSCALE;
        float[][] raw = new float[origins.length][up * tile];
        double[] sum = new double[up * length];
        int margin = up * config.margin();
        int ramp = up * config.feather() + 1;
        for (int t = 0; t < origins.length; t++) {
            boolean leftShared = origins[t] > 0;
            boolean rightShared = origins[t] + tile < length;
            for (int x = 0; x < up * tile; x++) {
                float w = 1f;
                if (leftShared) {
                    w = Math.min(w, ramp(x, margin, ramp));
                }
                if (rightShared) {
                    w = Math.min(w, ramp(up * tile - 1 - x, margin, ramp));
                }
                raw[t][x] = w;
                sum[up * origins[t] + x] += w;
            }
        }
        for (int t = 0; t < origins.length; t++) {
            for (int x = 0; x < up * tile; x++) {
                double s = sum[up * origins[t] + x];
                if (s <= 0) {
                    throw new IllegalStateException("output pixel " + (up * origins[t] + x) + " is covered by no tile");
                }
                raw[t][x] = raw[t][x] == 0f ? 0f : (float) (raw[t][x] / s);
            }
        }
        return new TileAxis(length, tile, origins, raw);
    }

    /** 0 within {@code margin} of the edge, then a linear ramp reaching 1 after {@code ramp} pixels. */
    private static float ramp(int distance, int margin, int ramp) {
        if (distance < margin) {
            return 0f;
        }
        return Math.min(1f, (distance - margin + 1) / (float) ramp);
    }

    private static int[] origins(int length, int tile, int overlap) {
        if (tile >= length) {
            return new int[] {0};
        }
        int stride = tile - overlap;
        int count = 1;
        for (int o = 0; o + tile < length; o += stride) {
            count++;
        }
        int[] origins = new int[count];
        for (int i = 0; i < count - 1; i++) {
            origins[i] = i * stride;
        }
        origins[count - 1] = length - tile;
        return origins;
    }

    public int length() {
        return length;
    }

    /** Tile side on this axis (the configured tile, or the whole padded length if smaller). */
    public int tile() {
        return tile;
    }

    public int count() {
        return origins.length;
    }

    public int origin(int t) {
        return origins[t];
    }

    /** The normalised weights of tile {@code t}'s output pixels (shared; do not modify). */
    public float[] weights(int t) {
        return weights[t];
    }
}
