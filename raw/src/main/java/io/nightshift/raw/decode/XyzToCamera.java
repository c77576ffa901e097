package io.nightshift.raw.decode;

import io.nightshift.raw.ColorMatrix;

/**
 * The camera's XYZ (D65) to camera-RGB matrix, as a DNG's ColorMatrix1 declares it, chosen so that LibRaw
 * derives the very {@code rgb_cam} it used for the file from it: LibRaw's own {@code cam_xyz} (its camera
 * table, or the file's matrix) when that is where {@code rgb_cam} came from; otherwise (no matrix known,
 * {@code rgb_cam} the identity or taken from elsewhere) {@code rgb_cam⁻¹ · sRGB→XYZ⁻¹}, a camera whose
 * daylight white balance is all ones.
 *
 * <p>LibRaw derives {@code rgb_cam} as the inverse of {@code cam_xyz · xyz_rgb} with each row scaled to sum
 * to 1 ({@code cam_xyz_coeff}), so row scaling of the matrix does not change the rendering.
 */
final class XyzToCamera {

    /** Largest difference of {@code rgb_cam} entries for LibRaw's {@code cam_xyz} to count as its source. */
    private static final double SAME = 1e-3;

    private XyzToCamera() {
    }

    /**
     * @param cameraToSrgb LibRaw's {@code rgb_cam}
     * @param camXyz LibRaw's {@code cam_xyz}, 9 values row by row (all zero when it has none)
     */
    static ColorMatrix of(ColorMatrix cameraToSrgb, double[] camXyz) {
        ColorMatrix libRaw = new ColorMatrix(camXyz);
        try {
            if (rgbCamOf(libRaw).maxDifference(cameraToSrgb) <= SAME) {
                return libRaw;
            }
        } catch (IllegalArgumentException noMatrix) {
            // all zero, or rows that sum to nothing: LibRaw has no usable matrix
        }
        try {
            return cameraToSrgb.inverse().times(ColorMatrix.SRGB_TO_XYZ.inverse());
        } catch (IllegalArgumentException singular) {
            return ColorMatrix.SRGB_TO_XYZ.inverse();
        }
    }

    /** LibRaw's {@code cam_xyz_coeff}: the {@code rgb_cam} it derives from an XYZ-to-camera matrix. */
    static ColorMatrix rgbCamOf(ColorMatrix xyzToCamera) {
        double[] camRgb = xyzToCamera.times(ColorMatrix.SRGB_TO_XYZ).rowMajor();
        for (int row = 0; row < 3; row++) {
            double sum = camRgb[row * 3] + camRgb[row * 3 + 1] + camRgb[row * 3 + 2];
            if (!(Math.abs(sum) > 1e-9)) {
                throw new IllegalArgumentException("row " + row + " of " + xyzToCamera + " sums to nothing");
            }
            for (int col = 0; col < 3; col++) {
                camRgb[row * 3 + col] /= sum;
            }
        }
        return new ColorMatrix(camRgb).inverse();
    }
}
