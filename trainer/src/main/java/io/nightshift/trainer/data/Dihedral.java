package io.nightshift.trainer.data;

import io.nightshift.contract.PlanarImage;

/**
 * The eight flips and transposes of an image, and their Bayer-phase-preserving form for a packed frame and its
 * target. Operation {@code op} in 0–7: bit 0 transposes, then bit 1 flips left–right, bit 2 flips top–bottom.
 *
 * <p>On a mosaic, a transpose keeps the RGGB phase (the two greens trade places), but a flip of an even-sized
 * mosaic moves red to an odd row or column. {@link #packedPair} therefore works on the mosaic of a packed frame
 * one packed pixel larger than wanted, flips it together with its target, and crops one mosaic row and/or column
 * off the flipped side, so the result is again RGGB and aligned with its target pixel for pixel (Liu et al.,
 * "Bayer preserving augmentation", CVPRW 2019).
 */
public final class Dihedral {

    public static final int COUNT = 8;

    private Dihedral() {
    }

    /** {@code image} under operation {@code op}. */
    public static PlanarImage apply(PlanarImage image, int op) {
        boolean transpose = (op & 1) != 0;
        boolean flipX = (op & 2) != 0;
        boolean flipY = (op & 4) != 0;
        int h = transpose ? image.width() : image.height();
        int w = transpose ? image.height() : image.width();
        PlanarImage out = PlanarImage.zeros(image.channels(), h, w);
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < h; y++) {
                int ty = flipY ? h - 1 - y : y;
                for (int x = 0; x < w; x++) {
                    int tx = flipX ? w - 1 - x : x;
                    // (ty, tx) in the transposed frame
                    out.set(c, y, x, transpose ? image.get(c, tx, ty) : image.get(c, ty, tx));
                }
            }
        }
        return out;
    }

    /** A packed frame and its target under one operation, Bayer phase kept. */
    public record Pair(PlanarImage packed, PlanarImage target) {
    }

    /**
     * @param packed {@code [4, p + 1, p + 1]} (square)
     * @param target {@code [3, 2p + 2, 2p + 2]}, aligned with the packed frame's mosaic
     * @return {@code [4, p, p]} and {@code [3, 2p, 2p]}
     */
    public static Pair packedPair(PlanarImage packed, PlanarImage target, int op) {
        int s = packed.height();
        if (packed.width() != s || target.height() != 2 * s || target.width() != 2 * s) {
            throw new IllegalArgumentException("need a square packed frame and its 2× target");
        }
        PlanarImage mosaic = new PlanarImage(BayerPacking.unpack(packed), 1, 2 * s, 2 * s);
        PlanarImage m = apply(mosaic, op);
        PlanarImage t = apply(target, op);
        int oy = (op & 4) != 0 ? 1 : 0;
        int ox = (op & 2) != 0 ? 1 : 0;
        int side = 2 * (s - 1);
        PlanarImage mc = RawReferencePairs.crop(m, oy, ox, side);
        return new Pair(BayerPacking.pack(mc.data(), s - 1, s - 1), RawReferencePairs.crop(t, oy, ox, side));
    }
}
