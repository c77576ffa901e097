package io.nightshift.inference.tiling;

import io.nightshift.contract.ContractV1;

/**
 * How {@link TiledEnhancer} cuts the packed image, in packed pixels.
 *
 * <p>Tiles are at most {@code tile × tile}: per axis the fewest tiles that cover the padded image with
 * neighbours sharing at least {@code overlap} pixels, trimmed to the smallest multiple of 16 that
 * keeps that overlap and spread evenly, origins on multiples of 16 (all tiles of one image have one
 * shape, so they batch). Across a shared band the outer {@link #margin()} pixels of each tile get
 * weight 0 (the context the network needs) and the middle {@code feather} pixels a linear ramp; a
 * pixel's weights over all tiles sum to 1. With {@code margin} at least the network's receptive
 * field (±107 for the SID U-Net, so margin 112) the tiled output equals a whole-image run up to float
 * rounding.
 *
 * @param tile    tile side, a positive multiple of 16
 * @param overlap pixels neighbouring tiles share, a multiple of 16 below {@code tile}
 * @param feather width of the blending ramp inside the shared band, ≤ overlap, same parity
 * @param batch   tiles per network run
 * @param fixedShape every tile exactly {@code tile} on both axes, whatever the image (an image smaller than a tile
 *                is reflect-padded to it): one input shape per session, so an accelerator's kernels (cuDNN's
 *                algorithm search) are chosen once; off, the sides are trimmed to the image (less work on a CPU)
 */
public record TilingConfig(int tile, int overlap, int feather, int batch, boolean fixedShape) {

    /** A tile side larger than any image: one tile, the whole (padded) image. */
    public static final int WHOLE_IMAGE_TILE = Integer.MAX_VALUE - Integer.MAX_VALUE % ContractV1.SIZE_MULTIPLE;

    /** Default tile side (from {@code bench engine}; see the README). */
    public static final int DEFAULT_TILE = 1536;
    /**
     * Default overlap: with the default feather a margin of 112 (≥ the SID U-Net's receptive field, ±107), so tiled
     * output equals the whole-image run up to float rounding on any content (issue 22; before 2026-12-05 it was 160,
     * margin 64, tuned on {@code bench tiling}'s own frame and within one 8-bit level there but not exact).
     */
    public static final int DEFAULT_OVERLAP = 256;
    /** Default feather width. */
    public static final int DEFAULT_FEATHER = 32;
    /** Default tiles per run. */
    public static final int DEFAULT_BATCH = 1;

    public TilingConfig {
        int m = ContractV1.SIZE_MULTIPLE;
        if (tile <= 0 || tile % m != 0) {
            throw new IllegalArgumentException("tile must be a positive multiple of " + m + ", got " + tile);
        }
        if (overlap < 0 || overlap % m != 0 || overlap >= tile) {
            throw new IllegalArgumentException("overlap must be a multiple of " + m + " in [0, tile), got " + overlap
                    + " for tile " + tile);
        }
        if (feather < 0 || feather > overlap || (overlap - feather) % 2 != 0) {
            throw new IllegalArgumentException("feather must be in [0, overlap] with overlap − feather even, got "
                    + feather + " for overlap " + overlap);
        }
        if (batch <= 0) {
            throw new IllegalArgumentException("batch must be positive, got " + batch);
        }
        if (fixedShape && tile == WHOLE_IMAGE_TILE) {
            throw new IllegalArgumentException("a fixed tile shape needs a tile side, not the whole image");
        }
    }

    /** Tiles trimmed to the image ({@code fixedShape} off). */
    public TilingConfig(int tile, int overlap, int feather, int batch) {
        this(tile, overlap, feather, batch, false);
    }

    public static TilingConfig defaults() {
        return new TilingConfig(DEFAULT_TILE, DEFAULT_OVERLAP, DEFAULT_FEATHER, DEFAULT_BATCH);
    }

    /** One run on the whole padded image. */
    public static TilingConfig wholeImage() {
        return new TilingConfig(WHOLE_IMAGE_TILE, 0, 0, 1);
    }

    /** Tiles whose blended output matches a whole-image run for a receptive field up to {@code margin}. */
    public static TilingConfig withMargin(int tile, int margin, int feather, int batch) {
        return new TilingConfig(tile, 2 * margin + feather, feather, batch);
    }

    /** Pixels at each shared edge of a tile that carry weight 0: {@code (overlap − feather) / 2}. */
    public int margin() {
        return (overlap - feather) / 2;
    }

    public boolean isWholeImage() {
        return tile == WHOLE_IMAGE_TILE;
    }

    public TilingConfig withTile(int t) {
        return new TilingConfig(t, overlap, feather, batch, fixedShape);
    }

    public TilingConfig withOverlap(int o, int f) {
        return new TilingConfig(tile, o, f, batch, fixedShape);
    }

    public TilingConfig withBatch(int b) {
        return new TilingConfig(tile, overlap, feather, b, fixedShape);
    }

    /** The same tiling with every tile exactly {@code tile} × {@code tile} (for accelerators), or trimmed. */
    public TilingConfig withFixedShape(boolean fixed) {
        return new TilingConfig(tile, overlap, feather, batch, fixed);
    }
}
