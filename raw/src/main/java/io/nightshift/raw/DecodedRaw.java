package io.nightshift.raw;

/**
 * A decoded Bayer RAW frame: the visible mosaic and what is needed to normalise, pack and render it.
 *
 * @param cfa the Bayer layout at the visible frame's origin
 * @param black per-channel black levels
 * @param white the white (saturation) level
 * @param asShotWhiteBalance the white balance to use: as shot when the file records one, else LibRaw's
 *     daylight multipliers ({@link WhiteBalance#source()} tells which)
 * @param cameraToSrgb LibRaw's {@code rgb_cam}: white-balanced camera RGB to linear sRGB
 * @param xyzToCamera XYZ (D65) to camera RGB, the DNG ColorMatrix1 from which LibRaw derives {@code cameraToSrgb}
 * @param orientation LibRaw's {@code flip}: 0 none, 3 180°, 5 90° counter-clockwise, 6 90° clockwise
 */
public record DecodedRaw(CaptureInfo capture, RawGeometry geometry, CfaLayout cfa, BlackLevels black, int white,
        WhiteBalance asShotWhiteBalance, ColorMatrix cameraToSrgb, ColorMatrix xyzToCamera, int orientation,
        BayerPlane plane) {

    public DecodedRaw {
        if (plane.width() != geometry.width() || plane.height() != geometry.height()) {
            throw new IllegalArgumentException("plane size differs from the visible size");
        }
        if (white <= black.max()) {
            throw new IllegalArgumentException("white level " + white + " is not above black " + black);
        }
    }

    /** Everything but the samples. */
    public RawMetadata metadata() {
        return new RawMetadata(capture, geometry, cfa, black, white, asShotWhiteBalance, cameraToSrgb, xyzToCamera,
                orientation);
    }

    /** The decoded frame of {@code metadata} with its samples. */
    public static DecodedRaw of(RawMetadata metadata, BayerPlane plane) {
        return new DecodedRaw(metadata.capture(), metadata.geometry(), metadata.cfa(), metadata.black(),
                metadata.white(), metadata.whiteBalance(), metadata.cameraToSrgb(), metadata.xyzToCamera(),
                metadata.orientation(), plane);
    }

    public int width() {
        return geometry.width();
    }

    public int height() {
        return geometry.height();
    }
}
