package io.nightshift.raw;

/**
 * Everything a decode learns about a Bayer RAW frame except its samples: what packing, rendering
 * and post-processing need beside the mosaic.
 *
 * @param cfa the Bayer layout at the visible frame's origin
 * @param black per-channel black levels
 * @param white the white (saturation) level
 * @param whiteBalance the multipliers to use and where they come from ({@link WhiteBalance#source()})
 * @param cameraToSrgb LibRaw's {@code rgb_cam}: white-balanced camera RGB to linear sRGB
 * @param xyzToCamera XYZ (D65) to camera RGB, the DNG ColorMatrix1 from which LibRaw derives {@code cameraToSrgb}
 * @param orientation LibRaw's {@code flip}: 0 none, 3 180°, 5 90° counter-clockwise, 6 90° clockwise
 */
public record RawMetadata(CaptureInfo capture, RawGeometry geometry, CfaLayout cfa, BlackLevels black, int white,
        WhiteBalance whiteBalance, ColorMatrix cameraToSrgb, ColorMatrix xyzToCamera, int orientation) {

    public RawMetadata {
        if (white <= black.max()) {
            throw new IllegalArgumentException("white level " + white + " is not above black " + black);
        }
    }

    public int width() {
        return geometry.width();
    }

    public int height() {
        return geometry.height();
    }
}
