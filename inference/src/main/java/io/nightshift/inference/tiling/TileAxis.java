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
        // a fixed shape keeps the configured side: wider than a short axis (the tile reads reflect padding beyond
        // it, and its output there is dropped), else spread with at least the configured overlap
        int tile = config.fixedShape() ? config.tile() : tileSide(length, config.tile(), config.overlap());
        int[] origins = origins(length, tile, config.overlap());
        int up = ContractV1.UPSCALE;
        float[][] raw = new float[origins.length][up * tile];
        double[] sum = new double[up * Math.max(length, tile)];
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
                if (s <= 0 && up * origins[t] + x < up * length) {
                    throw new IllegalStateException("output pixel " + (up * origins[t] + x) + " is covered by no tile");
                }
                raw[t][x] = raw[t][x] == 0f || s <= 0 ? 0f : (float) (raw[t][x] / s);
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

    /**
     * The fewest tiles of at most {@code maxTile} that cover {@code length} with at least {@code overlap}
     * shared between neighbours, then shrunk evenly: the side is the smallest multiple of 16 that still
     * keeps that overlap, and the origins are spread evenly on multiples of 16. (Fixed-stride tiling
     * would leave a last tile that mostly repeats its neighbour.)
     */
    static int tileSide(int length, int maxTile, int overlap) {
        if (maxTile >= length) {
            return length;
        }
        int n = count(length, maxTile, overlap);
        return roundUp((length + (n - 1) * overlap + n - 1) / n);
    }

    private static int count(int length, int maxTile, int overlap) {
        int stride = maxTile - overlap;
        return 1 + (length - maxTile + stride - 1) / stride;
    }

    private static int[] origins(int length, int tile, int overlap) {
        if (tile >= length) {
            return new int[] {0};
        }
        int n = count(length, tile, overlap);
        int[] origins = new int[n];
        int m = ContractV1.SIZE_MULTIPLE;
        for (int i = 1; i < n - 1; i++) {
            origins[i] = (int) ((long) i * (length - tile) / (n - 1)) / m * m;
        }
        origins[n - 1] = length - tile;
        return origins;
    }

    private static int roundUp(int v) {
        int m = ContractV1.SIZE_MULTIPLE;
        return (v + m - 1) / m * m;
    }

    public int length() {
        return length;
    }

    /**
     * Tile side on this axis: at most the configured tile, trimmed so the tiles spread evenly; exactly the configured
     * tile with {@link TilingConfig#fixedShape()}.
     */
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
