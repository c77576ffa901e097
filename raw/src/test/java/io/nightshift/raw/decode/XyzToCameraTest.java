package io.nightshift.raw.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.raw.ColorMatrix;
import io.nightshift.raw.RawMetadata;
import io.nightshift.raw.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The decoder's XYZ-to-camera matrix is the one LibRaw derives the file's {@code rgb_cam} from: written as a
 * DNG's ColorMatrix1, it gives LibRaw the same camera-to-sRGB matrix back.
 */
class XyzToCameraTest {

    @ParameterizedTest
    @CsvSource({"RAW_NIKON_D1.NEF", "RAW_CANON_D30_SRGB.CRW", "RAW_KODAK_DC50.KDC"})
    void givesBackTheFilesCameraToSrgbMatrix(String name) {
        RawMetadata m;
        try (RawDecoder decoder = new RawDecoder()) {
            m = decoder.decode(Samples.bytes(name)).metadata();
        }
        double worst = XyzToCamera.rgbCamOf(m.xyzToCamera()).maxDifference(m.cameraToSrgb());
        assertTrue(worst < 1e-4, name + ": rgb_cam derived from " + m.xyzToCamera() + " differs from "
                + m.cameraToSrgb() + " by " + worst);
    }

    @Test
    void isLibRawsOwnCameraMatrixWhenItHasOne() {
        try (RawDecoder decoder = new RawDecoder()) {
            ColorMatrix nikon = decoder.decode(Samples.bytes(Samples.NIKON_D1)).metadata().xyzToCamera();
            // LibRaw 0.20's table entry for the Nikon D1, as raw-identify -v prints it ("XYZ->CamRGB matrix")
            double[] table = {0.7637, -0.2199, -0.0974, -0.9109, 1.7099, 0.2043, -0.2822, 0.3306, 0.8372};
            assertArrayEquals(table, nikon.rowMajor(), 1e-6);
        }
    }

    @Test
    void withoutAMatrixThatGivesRgbCamItIsDerivedFromRgbCam() {
        ColorMatrix rgbCam = new ColorMatrix(new double[] {1.6, -0.5, -0.1, -0.2, 1.4, -0.2, 0.0, -0.5, 1.5});
        double[] unrelated = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        ColorMatrix chosen = XyzToCamera.of(rgbCam, unrelated);
        assertTrue(XyzToCamera.rgbCamOf(chosen).maxDifference(rgbCam) < 1e-9, chosen.toString());
        assertTrue(XyzToCamera.rgbCamOf(XyzToCamera.of(rgbCam, new double[9])).maxDifference(rgbCam) < 1e-9,
                "all-zero cam_xyz: derived");
    }
}
