package io.nightshift.contract.post;

/**
 * Orientation by LibRaw's {@code sizes.flip} code, applied exactly as dcraw's {@code flip_index}
 * does: output pixel (row, col) reads the source at (row, col) after — bit 4 — swapping row and col,
 * — bit 2 — mirroring the row and — bit 1 — mirroring the column.
 *
 * <p>LibRaw reports 0 (as is), 3 (rotate 180°), 5 (rotate 90° counter-clockwise) and 6 (rotate 90°
 * clockwise); the mirrored codes 1, 2, 4 and 7 follow from the same bits.
 */
public enum Orientation {
    /** 0: as is (EXIF 1). */
    NONE(0),
    /** 1: mirrored left-right (EXIF 2). */
    MIRROR_HORIZONTAL(1),
    /** 2: mirrored top-bottom (EXIF 4). */
    MIRROR_VERTICAL(2),
    /** 3: rotated 180° (EXIF 3). */
    ROTATE_180(3),
    /** 4: transposed, mirrored about the main diagonal (EXIF 5). */
    TRANSPOSE(4),
    /** 5: rotated 90° counter-clockwise (EXIF 8). */
    ROTATE_90_CCW(5),
    /** 6: rotated 90° clockwise (EXIF 6). */
    ROTATE_90_CW(6),
    /** 7: transposed about the other diagonal (EXIF 7). */
    TRANSVERSE(7);

    private final int flip;

    Orientation(int flip) {
        this.flip = flip;
    }

    /** The orientation for a LibRaw {@code flip} code 0–7. */
    public static Orientation fromFlip(int flip) {
        if (flip < 0 || flip > 7) {
            throw new IllegalArgumentException("LibRaw flip codes are 0 to 7, got " + flip);
        }
        return values()[flip];
    }

    public int flip() {
        return flip;
    }

    /** Whether the output's width is the source's height. */
    public boolean swapsAxes() {
        return (flip & 4) != 0;
    }

    public int outputHeight(int sourceHeight, int sourceWidth) {
        return swapsAxes() ? sourceWidth : sourceHeight;
    }

    public int outputWidth(int sourceHeight, int sourceWidth) {
        return swapsAxes() ? sourceHeight : sourceWidth;
    }

    /** Source row of output pixel (row, col), for a source of the given size. */
    public int sourceRow(int row, int col, int sourceHeight) {
        int r = swapsAxes() ? col : row;
        return (flip & 2) != 0 ? sourceHeight - 1 - r : r;
    }

    /** Source column of output pixel (row, col), for a source of the given size. */
    public int sourceColumn(int row, int col, int sourceWidth) {
        int c = swapsAxes() ? row : col;
        return (flip & 1) != 0 ? sourceWidth - 1 - c : c;
    }
}
