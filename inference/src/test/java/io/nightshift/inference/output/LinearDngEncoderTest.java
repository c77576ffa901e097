package io.nightshift.inference.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.post.ColorMatrix;
import io.nightshift.contract.post.FrameWindow;
import io.nightshift.contract.post.Orientation;
import io.nightshift.contract.post.PostProcessor;
import io.nightshift.inference.testing.DcrawEmu;
import io.nightshift.inference.testing.LevelDifferences;
import io.nightshift.libraw.libraw_data_t;
import io.nightshift.raw.RawMetadata;
import io.nightshift.raw.WhiteBalance;
import io.nightshift.raw.decode.LibRawProcessor;
import io.nightshift.raw.decode.RawDecoder;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A linear result encoded as a DNG renders through LibRaw ({@code dcraw_emu}, camera white balance, sRGB)
 * as the contract's post-processing renders it, in every orientation, with the visible frame offset on the
 * network output, values outside [0, 1], and a real camera's matrix and white balance (the Nikon D1 sample's
 * metadata).
 */
class LinearDngEncoderTest {

    private static final Path SAMPLES = Path.of(System.getProperty("nightshift.home", ".."))
            .resolve("../shared/raw-samples").normalize();
    private static final OutputMetadata OUTPUT = new OutputMetadata("Nikon", "D1", 0.004, 200,
            java.util.Optional.empty(), "test-set", 2.0, "given");

    private static RawMetadata nikon;

    @BeforeAll
    static void decodeTheSample() throws IOException {
        Path file = SAMPLES.resolve("RAW_NIKON_D1.NEF");
        if (!Files.isRegularFile(file)) {
            fail("real RAW sample missing: " + file + " (../shared/raw-samples must be beside the checkout)");
        }
        try (RawDecoder decoder = new RawDecoder()) {
            nikon = decoder.decode(Files.readAllBytes(file)).metadata();
        }
    }

    private static RawMetadata withOrientationAndBalance(int flip, WhiteBalance wb) {
        return new RawMetadata(nikon.capture(), nikon.geometry(), nikon.cfa(), nikon.black(), nikon.white(), wb,
                nikon.cameraToSrgb(), nikon.xyzToCamera(), flip);
    }

    /** A smooth scene with noise, about 3 % of values above 1 and 3 % below 0, as a network may give. */
    private static PlanarImage networkOutput(int height, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PlanarImage rgb = PlanarImage.zeros(3, height, width);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double scene = 0.5 + 0.55 * Math.sin(x / 9.0 + c) * Math.cos(y / 7.0 - c);
                    rgb.set(c, y, x, (float) (scene * scene + 0.03 * random.nextGaussian()));
                }
            }
        }
        return rgb;
    }

    @ParameterizedTest(name = "flip {0}, white balance {1} {2} {3}")
    @CsvSource({
        "0, 2.6669333, 1, 1.0950968",
        "3, 2.6669333, 1, 1.0950968",
        "5, 0.8, 1, 1.9",
        "6, 2.0, 1, 1.5",
        "1, 1, 1, 1",
    })
    void libRawRendersTheDngAsThePostProcessingRendersTheFrame(int flip, float r, float g, float b, @TempDir Path dir)
            throws Exception {
        RawMetadata raw = withOrientationAndBalance(flip, new WhiteBalance(r, g, b, g));
        PlanarImage rgb = networkOutput(40, 60, flip);
        // the visible frame starts one pixel before the output and is one pixel wider and taller (BGGR packing)
        FrameWindow window = new FrameWindow(-1, -1, 61, 41);
        PlanarImage srgb = new PostProcessor(ColorMatrix.of(raw.cameraToSrgb().rowMajor()),
                Orientation.fromFlip(flip), window).apply(rgb);

        Path dng = dir.resolve("frame.dng");
        Files.write(dng, LinearDngEncoder.encode(rgb, window, raw, OUTPUT));

        try (LibRawProcessor p = new LibRawProcessor()) {
            byte[] bytes = Files.readAllBytes(dng);
            libraw_data_t data = p.open(bytes, 0, bytes.length);
            assertEquals(3, data.idata().colors());
            assertEquals(0, data.idata().filters());
            assertEquals(61, data.sizes().width() & 0xFFFF, "stored in the sensor's orientation");
            assertEquals(41, data.sizes().height() & 0xFFFF);
            assertEquals(flip, data.sizes().flip());
            for (int row = 0; row < 3; row++) {
                for (int col = 0; col < 3; col++) {
                    assertEquals(raw.cameraToSrgb().get(row, col), data.color().rgb_cam(row, col), 2e-4,
                            "LibRaw derives the camera's rgb_cam from ColorMatrix1");
                }
            }
        }
        Raster theirs = DcrawEmu.srgb(dng, dir);
        assertEquals(srgb.width(), theirs.getWidth(), "rendered in the output's orientation");
        assertEquals(srgb.height(), theirs.getHeight());
        LevelDifferences d = compare(srgb, theirs);
        System.out.println("flip " + flip + ": " + d);
        assertTrue(d.mean() <= 0.05 && d.max() <= 0.5, "LibRaw's rendering of the DNG against the sRGB output: " + d);
    }

    static LevelDifferences compare(PlanarImage srgb, Raster theirs) {
        LevelDifferences.Collector diff = new LevelDifferences.Collector(srgb.data().length);
        int[] pixel = new int[3];
        for (int y = 0; y < srgb.height(); y++) {
            for (int x = 0; x < srgb.width(); x++) {
                theirs.getPixel(x, y, pixel);
                for (int c = 0; c < 3; c++) {
                    diff.add(srgb.get(c, y, x), pixel[c] / 65535.0);
                }
            }
        }
        return diff.result();
    }
}
