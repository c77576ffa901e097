package io.nightshift.raw.dng;

import io.nightshift.raw.ColorMatrix;
import java.util.Arrays;

/**
 * What a written linear DNG declares (PhotometricInterpretation LinearRaw: demosaiced camera RGB, three
 * 16-bit samples per pixel, black 0, white {@link #WHITE}).
 *
 * @param width stored width (sensor orientation)
 * @param height stored height (sensor orientation)
 * @param orientation LibRaw's {@code flip} code (0–7) of the stored pixels, written as the TIFF Orientation
 *     tag, so that LibRaw and editors turn the image as they would the camera's own file
 * @param asShotNeutral the camera-RGB coordinates of the as-shot neutral (DNG AsShotNeutral), R, G, B: the
 *     reciprocal white-balance multipliers
 * @param xyzToCamera DNG ColorMatrix1, XYZ (D65 illuminant) to camera RGB
 * @param description ImageDescription (how the image was made); empty for none
 */
public record LinearDngFrame(int width, int height, int orientation, DngShot shot, double[] asShotNeutral,
        ColorMatrix xyzToCamera, String description) {

    /** The white level: samples use the whole 16-bit range, black is 0. */
    public static final int WHITE = 65535;

    public LinearDngFrame {
        if (width < 1 || height < 1 || width > 65535 || height > 65535) {
            throw new IllegalArgumentException("DNG size " + width + "x" + height + " out of range");
        }
        DngTags.tiffOrientation(orientation);
        if (asShotNeutral.length != 3) {
            throw new IllegalArgumentException("as-shot neutral has three values, R, G, B");
        }
        for (double v : asShotNeutral) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("as-shot neutral values must be positive: " + Arrays.toString(asShotNeutral));
            }
        }
        asShotNeutral = asShotNeutral.clone();
        description = description == null ? "" : description;
    }

    /** The TIFF Orientation tag written for {@link #orientation()} (1 for none, 6 for 90° clockwise, …). */
    public int tiffOrientation() {
        return DngTags.tiffOrientation(orientation);
    }

    @Override
    public double[] asShotNeutral() {
        return asShotNeutral.clone();
    }
}
