package io.nightshift.raw.dng;

/**
 * Writes a linear DNG (PhotometricInterpretation 34892 LinearRaw: camera RGB already demosaiced, three
 * 16-bit samples per pixel, uncompressed, one strip, little-endian) with the shot and colour tags of
 * {@link DngTags}, shared with the Bayer {@link DngWriter}. LibRaw reads it as a three-colour image without
 * a colour filter ({@code colors == 3}, {@code filters == 0}) and renders it with the as-shot neutral and
 * ColorMatrix1 as it would the camera's file. The file is allocated once and the pixels are written into
 * it row by row from {@link Rows}: no full-frame copy besides the file itself.
 */
public final class LinearDngWriter {

    private static final int SAMPLES = 3;

    /** The pixels, one stored row at a time. */
    @FunctionalInterface
    public interface Rows {
        /**
         * Fills {@code rgb} ({@code width × 3} values, R, G, B interleaved, unsigned 16-bit in Java shorts)
         * with stored row {@code y} (sensor orientation, top first).
         */
        void fill(int y, short[] rgb);
    }

    private LinearDngWriter() {
    }

    /** The DNG file of {@code frame} with the pixels of {@code rows}. */
    public static byte[] write(LinearDngFrame frame, Rows rows) {
        int rowValues = frame.width() * SAMPLES;
        int stripBytes = Math.multiplyExact(Math.multiplyExact(rowValues, 2), frame.height());
        DngTags.Layout layout = DngTags.layout(mainDirectory(frame, stripBytes), DngTags.exif(frame.shot()), stripBytes);
        byte[] file = layout.file();
        short[] row = new short[rowValues];
        int o = layout.stripOffset();
        for (int y = 0; y < frame.height(); y++) {
            rows.fill(y, row);
            for (short v : row) {
                file[o++] = (byte) v;
                file[o++] = (byte) (v >>> 8);
            }
        }
        return file;
    }

    private static TiffDirectory mainDirectory(LinearDngFrame f, int stripBytes) {
        TiffDirectory d = new TiffDirectory()
                .longs(254, 0)
                .longs(256, f.width())
                .longs(257, f.height())
                .shorts(258, 16, 16, 16)
                .shorts(259, 1)
                .shorts(262, 34892)
                .shorts(274, f.tiffOrientation())
                .shorts(277, SAMPLES)
                .longs(278, f.height())
                .longs(279, stripBytes)
                .shorts(284, 1)
                .longs(50717, LinearDngFrame.WHITE);
        if (!f.description().isEmpty()) {
            d.ascii(270, f.description());
        }
        DngTags.shot(d, f.shot(), "Nightshift LinearDngWriter");
        return DngTags.colour(d, f.xyzToCamera(), f.asShotNeutral());
    }
}
