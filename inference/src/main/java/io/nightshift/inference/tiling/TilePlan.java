package io.nightshift.inference.tiling;

/**
 * The tiles for one image: its size in packed pixels and the tiles along each padded axis.
 */
public record TilePlan(int height, int width, TileAxis rows, TileAxis columns) {

    public int paddedHeight() {
        return rows.length();
    }

    public int paddedWidth() {
        return columns.length();
    }

    public int tileCount() {
        return rows.count() * columns.count();
    }

    /** Tile side actually used along rows × columns (smaller than configured on small images). */
    public int tileHeight() {
        return rows.tile();
    }

    public int tileWidth() {
        return columns.tile();
    }

    /** Packed pixels the network processes ÷ the image's packed pixels. */
    public double areaRatio() {
        return (double) tileCount() * rows.tile() * columns.tile() / ((double) height * width);
    }

    /** Tile origins along rows, packed pixels. */
    public int[] rowOrigins() {
        int[] o = new int[rows.count()];
        for (int i = 0; i < o.length; i++) {
            o[i] = rows.origin(i);
        }
        return o;
    }

    public int[] columnOrigins() {
        int[] o = new int[columns.count()];
        for (int i = 0; i < o.length; i++) {
            o[i] = columns.origin(i);
        }
        return o;
    }
}
