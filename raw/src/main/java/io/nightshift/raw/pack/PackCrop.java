package io.nightshift.raw.pack;

import io.nightshift.raw.CfaLayout;

/**
 * The part of the visible frame a packing covers: it starts on a red pixel and has even sizes.
 * Place an output back on the visible frame at ({@code x}, {@code y}); crop a ground truth the same
 * way.
 */
public record PackCrop(int x, int y, int width, int height) {

    public PackCrop {
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0) {
            throw new IllegalArgumentException("crop must start inside the frame and have even positive sizes: "
                    + x + "," + y + " " + width + "x" + height);
        }
    }

    /** The largest crop of a {@code width × height} frame of this layout that starts on red and is even. */
    public static PackCrop of(CfaLayout layout, int width, int height) {
        int x = layout.redCol();
        int y = layout.redRow();
        int w = (width - x) & ~1;
        int h = (height - y) & ~1;
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException("frame " + width + "x" + height + " is too small to pack");
        }
        return new PackCrop(x, y, w, h);
    }
}
