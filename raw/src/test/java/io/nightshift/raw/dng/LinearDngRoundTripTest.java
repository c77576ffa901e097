package io.nightshift.raw.dng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.libraw.libraw_colordata_t;
import io.nightshift.libraw.libraw_data_t;
import io.nightshift.raw.ColorMatrix;
import io.nightshift.raw.UnsupportedSensorException;
import io.nightshift.raw.decode.LibRawProcessor;
import io.nightshift.raw.decode.RawDecoder;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.ShortPointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Linear DNGs written by {@link LinearDngWriter} read back through the project's LibRaw binding (a
 * three-colour image without colour filter, every sample, levels, neutral, matrix, shot), Debian's
 * raw-identify agrees, and dcraw_emu turns the rendering by the Orientation tag as LibRaw turns a camera file.
 */
class LinearDngRoundTripTest {

    private static final int W = 46;
    private static final int H = 30;
    /** The Nikon D1's XYZ-to-camera matrix in LibRaw 0.20 (any real camera's would do). */
    private static final ColorMatrix NIKON_D1 = new ColorMatrix(new double[] {
        0.7637, -0.2199, -0.0974, -0.9109, 1.7099, 0.2043, -0.2822, 0.3306, 0.8372});
    private static final DngShot SHOT = new DngShot("Nightshift", "Linear test", 1 / 60.0, 800, 2.8,
            Optional.of(Instant.parse("2024-01-02T03:04:05Z")));

    private static LinearDngFrame frame(int flip, double... neutral) {
        return new LinearDngFrame(W, H, flip, SHOT, neutral, NIKON_D1, "nightshift model_set=test ratio=2.0 (given)");
    }

    private static short[] randomRgb(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        short[] rgb = new short[W * H * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (short) random.nextInt(65536);
        }
        return rgb;
    }

    private static LinearDngWriter.Rows rows(short[] rgb) {
        return (y, row) -> System.arraycopy(rgb, y * W * 3, row, 0, W * 3);
    }

    @Test
    void libRawReadsBackEverySampleAndTag() {
        short[] rgb = randomRgb(1);
        byte[] dng = LinearDngWriter.write(frame(0, 0.4, 1.0, 0.8), rows(rgb));
        try (LibRawProcessor p = new LibRawProcessor()) {
            libraw_data_t data = p.open(dng, 0, dng.length);
            assertEquals(3, data.idata().colors(), "three colours");
            assertEquals(0, data.idata().filters(), "no colour filter: LinearRaw");
            assertTrue(data.idata().dng_version() != 0);
            assertEquals(W, data.sizes().width() & 0xFFFF);
            assertEquals(H, data.sizes().height() & 0xFFFF);
            assertEquals(0, data.sizes().flip());
            libraw_colordata_t color = data.color();
            assertEquals(LinearDngFrame.WHITE, color.maximum());
            assertEquals(0, color.black());
            // AsShotNeutral 0.4, 1, 0.8 is white balance 2.5, 1, 1.25
            assertEquals(2.5, color.cam_mul(0) / color.cam_mul(1), 1e-5);
            assertEquals(1.25, color.cam_mul(2) / color.cam_mul(1), 1e-5);
            // rgb_cam is what LibRaw derives from ColorMatrix1 (cam_xyz_coeff)
            ColorMatrix expected = rgbCamOf(NIKON_D1);
            for (int row = 0; row < 3; row++) {
                for (int col = 0; col < 3; col++) {
                    assertEquals(expected.get(row, col), color.rgb_cam(row, col), 1e-4, "rgb_cam " + row + col);
                }
            }
            assertEquals(800, data.other().iso_speed(), 1e-3);
            assertEquals(1 / 60.0, data.other().shutter(), 1e-6);
            assertEquals(2.8, data.other().aperture(), 1e-4);
            assertEquals(Instant.parse("2024-01-02T03:04:05Z").getEpochSecond(), data.other().timestamp());
            assertEquals("Nightshift", data.idata().make().getString().trim());
            assertEquals("Linear test", data.idata().model().getString().trim());

            p.unpack();
            // LibRaw keeps a linear DNG's pixels four shorts apart (R, G, B, unused)
            ShortPointer pixels = data.rawdata().color4_image();
            assertFalse(pixels == null || pixels.isNull(), "LibRaw unpacked a colour image");
            assertTrue(data.rawdata().raw_image() == null || data.rawdata().raw_image().isNull(), "no mosaic");
            int pitch = (data.rawdata().sizes().raw_pitch()) / 2;
            short[] back = new short[W * 4];
            for (int y = 0; y < H; y++) {
                pixels.position((long) y * pitch).get(back, 0, W * 4);
                for (int x = 0; x < W; x++) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(rgb[(y * W + x) * 3 + c], back[x * 4 + c], "sample " + c + " of (" + x + "," + y + ")");
                    }
                }
            }
            pixels.position(0);
        }
    }

    @Test
    void theFrameDecoderRefusesItAsInput() {
        // a worker's own DNG fed back as a job's input is dead-lettered as an unsupported sensor, not decoded
        byte[] dng = LinearDngWriter.write(frame(0, 1, 1, 1), rows(randomRgb(2)));
        try (RawDecoder decoder = new RawDecoder()) {
            UnsupportedSensorException e = assertThrows(UnsupportedSensorException.class, () -> decoder.decode(dng));
            assertTrue(e.getMessage().contains("linear"), e.getMessage());
        }
    }

    @Test
    void rawIdentifyReportsColoursSizeNeutralAndMatrix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("linear.dng");
        Files.write(file, LinearDngWriter.write(frame(6, 0.5, 1.0, 0.625), rows(randomRgb(3))));

        String report = DngRoundTripTest.run("raw-identify", "-v", file.toString());

        assertContains(report, "Raw colors: 3");
        assertFalse(report.contains("Filter pattern"), report);
        assertContains(report, "Image size:\\s+46 x 30");
        assertContains(report, "Output size:\\s+30 x 46");
        assertContains(report, "Image flip: 6");
        assertContains(report, "ISO speed: 800");
        assertContains(report, "Camera: Nightshift Linear test");
        assertContains(report, "As shot\\s+2 1 1.6");
        assertContains(report, "DNG Illuminant 1: D65");
        assertContains(report, "DNG color matrix 1:\\s+0.7637\\s+-0.2199\\s+-0.0974\\s+-0.9109\\s+1.7099");
    }

    /**
     * LibRaw turns its rendering by the Orientation tag written for each flip code exactly as its
     * {@code flip_index} turns a camera file: output (row, col) reads the stored pixel after swapping row and
     * column (bit 4), mirroring the row (bit 2) and the column (bit 1). Rendered linearly in camera colour
     * with a neutral of ones, so the output is the stored samples themselves.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
    void dcrawEmuTurnsTheRenderingByTheOrientationTag(int flip, @TempDir Path dir) throws Exception {
        short[] rgb = randomRgb(10 + flip);
        Path file = dir.resolve("turned.dng");
        Files.write(file, LinearDngWriter.write(frame(flip, 1, 1, 1), rows(rgb)));

        Raster out = dcrawEmu(file, dir, "-w", "-o", "0", "-4");

        boolean swap = (flip & 4) != 0;
        assertEquals(swap ? H : W, out.getWidth());
        assertEquals(swap ? W : H, out.getHeight());
        int[] pixel = new int[3];
        for (int row = 0; row < out.getHeight(); row++) {
            for (int col = 0; col < out.getWidth(); col++) {
                int r = swap ? col : row;
                int c = swap ? row : col;
                int sy = (flip & 2) != 0 ? H - 1 - r : r;
                int sx = (flip & 1) != 0 ? W - 1 - c : c;
                out.getPixel(col, row, pixel);
                for (int ch = 0; ch < 3; ch++) {
                    assertEquals(rgb[(sy * W + sx) * 3 + ch] & 0xFFFF, pixel[ch],
                            "flip " + flip + " output (" + col + "," + row + ") channel " + ch);
                }
            }
        }
    }

    /** LibRaw's {@code cam_xyz_coeff}: the inverse of {@code xyzToCamera · sRGB→XYZ} with rows summing to 1. */
    static ColorMatrix rgbCamOf(ColorMatrix xyzToCamera) {
        double[] camRgb = xyzToCamera.times(ColorMatrix.SRGB_TO_XYZ).rowMajor();
        for (int row = 0; row < 3; row++) {
            double sum = camRgb[row * 3] + camRgb[row * 3 + 1] + camRgb[row * 3 + 2];
            for (int col = 0; col < 3; col++) {
                camRgb[row * 3 + col] /= sum;
            }
        }
        return new ColorMatrix(camRgb).inverse();
    }

    static Raster dcrawEmu(Path file, Path dir, String... options) throws IOException, InterruptedException {
        Path tiff = dir.resolve("dcraw_emu.tiff");
        List<String> command = new ArrayList<>(List.of("dcraw_emu", "-c", "0", "-H", "0"));
        command.addAll(List.of(options));
        command.addAll(List.of("-T", "-Z", tiff.toString(), file.toString()));
        DngRoundTripTest.run(command.toArray(String[]::new));
        BufferedImage image = ImageIO.read(tiff.toFile());
        assertEquals(16, image.getColorModel().getComponentSize(0), "dcraw_emu wrote 16-bit");
        return image.getRaster();
    }

    private static void assertContains(String text, String regex) {
        assertTrue(Pattern.compile(regex).matcher(text).find(), () -> "no /" + regex + "/ in:\n" + text);
    }
}
