package io.nightshift.raw.dng;

import io.nightshift.raw.ColorMatrix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The tags every DNG of this package carries, whatever its image data: the shot ({@link DngShot}) in IFD0
 * and the EXIF IFD, the DNG versions, the colour tags (ColorMatrix1 for D65, AsShotNeutral), and the file
 * layout: header, main IFD, EXIF IFD, one uncompressed strip.
 */
final class DngTags {

    static final int EXIF_IFD = 34665;
    static final int STRIP_OFFSETS = 273;

    private static final DateTimeFormatter EXIF_TIME =
            DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int DENOMINATOR = 1_000_000;
    private static final int MATRIX_DENOMINATOR = 10_000;
    /** TIFF Orientation for each LibRaw {@code flip} code 0–7 (the inverse of dcraw's {@code "50132467"}). */
    private static final int[] TIFF_ORIENTATION = {1, 2, 4, 3, 5, 8, 6, 7};

    private DngTags() {
    }

    /** The TIFF Orientation tag value of a LibRaw {@code flip} code (0–7). */
    static int tiffOrientation(int flip) {
        if (flip < 0 || flip > 7) {
            throw new IllegalArgumentException("LibRaw flip codes are 0 to 7, got " + flip);
        }
        return TIFF_ORIENTATION[flip];
    }

    /**
     * Make, Model (when known), Software, DateTime, DNGVersion 1.4, DNGBackwardVersion 1.1,
     * UniqueCameraModel, and the EXIF IFD pointer (set by {@link #layout}).
     */
    static TiffDirectory shot(TiffDirectory d, DngShot shot, String software) {
        if (!shot.make().isEmpty()) {
            d.ascii(271, shot.make());
        }
        if (!shot.model().isEmpty()) {
            d.ascii(272, shot.model());
        }
        d.ascii(305, software)
                .longs(EXIF_IFD, 0)
                .bytes(50706, 1, 4, 0, 0)
                .bytes(50707, 1, 1, 0, 0)
                .ascii(50708, shot.uniqueCameraModel());
        shot.captureTime().ifPresent(t -> d.ascii(306, EXIF_TIME.format(t)));
        return d;
    }

    /** ColorMatrix1 (XYZ to camera RGB) with CalibrationIlluminant1 D65, and AsShotNeutral when given (3 values). */
    static TiffDirectory colour(TiffDirectory d, ColorMatrix xyzToCamera, double[] asShotNeutral) {
        long[] matrix = new long[18];
        double[] m = xyzToCamera.rowMajor();
        for (int i = 0; i < 9; i++) {
            matrix[2 * i] = Math.round(m[i] * MATRIX_DENOMINATOR);
            matrix[2 * i + 1] = MATRIX_DENOMINATOR;
        }
        d.signedRationals(50721, matrix).shorts(50778, 21);
        if (asShotNeutral.length == 3) {
            long[] neutral = new long[6];
            for (int c = 0; c < 3; c++) {
                neutral[2 * c] = Math.round(asShotNeutral[c] * DENOMINATOR);
                neutral[2 * c + 1] = DENOMINATOR;
            }
            d.rationals(50728, neutral);
        }
        return d;
    }

    /** ExposureTime, FNumber and ISOSpeedRatings when known, DateTimeOriginal when known. */
    static TiffDirectory exif(DngShot shot) {
        TiffDirectory d = new TiffDirectory();
        if (shot.exposureSeconds() > 0) {
            d.rationals(33434, Math.round(shot.exposureSeconds() * DENOMINATOR), DENOMINATOR);
        }
        if (shot.aperture() > 0) {
            d.rationals(33437, Math.round(shot.aperture() * 1000), 1000);
        }
        if (shot.iso() > 0) {
            d.shorts(34855, Math.min(65535, shot.iso()));
        }
        shot.captureTime().ifPresent(t -> d.ascii(36867, EXIF_TIME.format(t)));
        return d;
    }

    /** A whole file, allocated once: its strip ({@code stripBytes} from {@code stripOffset}) for the caller to fill. */
    record Layout(byte[] file, int stripOffset) {
    }

    /**
     * Lays out header, {@code main}, {@code exif} and the strip in one array, with StripOffsets and the
     * EXIF IFD pointer of {@code main} set.
     */
    static Layout layout(TiffDirectory main, TiffDirectory exif, int stripBytes) {
        main.longs(STRIP_OFFSETS, 0).longs(EXIF_IFD, 0); // present before the sizes are taken
        int mainOffset = 8;
        int exifOffset = mainOffset + main.size();
        int stripOffset = exifOffset + exif.size();
        main.longs(STRIP_OFFSETS, stripOffset).longs(EXIF_IFD, exifOffset);
        byte[] file = new byte[Math.addExact(stripOffset, stripBytes)];
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'I', 'I', 42, 0}).putInt(mainOffset);
        b.put(main.serialize(mainOffset));
        b.put(exif.serialize(exifOffset));
        return new Layout(file, stripOffset);
    }
}
