package io.nightshift.raw.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.BlackLevels;
import io.nightshift.raw.CfaLayout;
import io.nightshift.raw.Samples;
import io.nightshift.raw.WhiteBalance;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.dng.DngFrame;
import io.nightshift.raw.dng.DngWriter;
import io.nightshift.raw.pack.PackCrop;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reference renderer matches Debian's dcraw_emu run with the same settings, within one 16-bit level. */
class ReferenceRendererTest {

    private static ReferenceRenderer renderer;

    @BeforeAll
    static void open() {
        renderer = new ReferenceRenderer();
    }

    @AfterAll
    static void close() {
        renderer.close();
    }

    /**
     * dcraw_emu's rendering of {@code file} with the renderer's fixed settings plus {@code extra}:
     * camera white balance ({@code -w}) when the file has a usable one, LibRaw's daylight otherwise.
     */
    private static Raster dcrawEmu(Path file, Path dir, String... extra) throws IOException, InterruptedException {
        Path tiff = dir.resolve("dcraw_emu.tiff");
        List<String> command = new ArrayList<>(List.of("dcraw_emu", "-6", "-W", "-c", "0", "-t", "0", "-H", "0"));
        try (RawDecoder decoder = new RawDecoder()) {
            if (decoder.decode(Files.readAllBytes(file)).asShotWhiteBalance().source() == WhiteBalance.Source.AS_SHOT) {
                command.add("-w");
            }
        }
        command.addAll(List.of(extra));
        command.addAll(List.of("-T", "-Z", tiff.toString(), file.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
        BufferedImage image = ImageIO.read(tiff.toFile());
        assertEquals(16, image.getColorModel().getComponentSize(0), "dcraw_emu wrote 16-bit");
        return image.getRaster();
    }

    private static int maxDifference(RenderedImage ours, Raster reference, int x0, int y0) {
        int worst = 0;
        int[] pixel = new int[3];
        for (int y = 0; y < ours.height(); y++) {
            for (int x = 0; x < ours.width(); x++) {
                reference.getPixel(x0 + x, y0 + y, pixel);
                for (int c = 0; c < 3; c++) {
                    worst = Math.max(worst, Math.abs(ours.get(x, y, c) - pixel[c]));
                }
            }
        }
        return worst;
    }

    @ParameterizedTest
    @CsvSource({"RAW_NIKON_D1.NEF", "RAW_CANON_D30_SRGB.CRW", "RAW_KODAK_DC50.KDC"})
    void srgbMatchesDcrawEmu(String name, @TempDir Path dir) throws Exception {
        Path file = Samples.path(name);
        RenderedImage ours = renderer.render(Files.readAllBytes(file), RenderOptions.srgb());
        Raster reference = dcrawEmu(file, dir, "-o", "1", "-g", "2.4", "12.92");

        PackCrop crop = ours.crop();
        assertEquals(crop.width(), ours.width());
        assertEquals(crop.height(), ours.height());
        assertTrue(crop.x() + crop.width() <= reference.getWidth() && crop.y() + crop.height() <= reference.getHeight());
        int worst = maxDifference(ours, reference, crop.x(), crop.y());
        assertTrue(worst <= 1, "within one 16-bit level of dcraw_emu, worst " + worst);
        assertTrue(mean(ours) > 2000, "a daylight photograph, not a black frame");
    }

    @Test
    void linearWithGainAndHalfSizeMatchesDcrawEmu(@TempDir Path dir) throws Exception {
        Path file = Samples.path(Samples.CANON_D30);
        RenderOptions options = RenderOptions.linear().withGain(2).withHalfSize(true);
        RenderedImage ours = renderer.render(Files.readAllBytes(file), options);
        Raster reference = dcrawEmu(file, dir, "-o", "0", "-g", "1", "1", "-b", "2", "-h");

        assertEquals(2176 / 2, ours.width());
        assertEquals(1448 / 2, ours.height());
        assertTrue(maxDifference(ours, reference, 0, 0) <= 1, "within one 16-bit level");
    }

    /** Wavelet denoising is dcraw's {@code -n}: the same threshold gives dcraw_emu's image, and it smooths. */
    @Test
    void denoiseMatchesDcrawEmuAndSmooths(@TempDir Path dir) throws Exception {
        Path file = Samples.path(Samples.CANON_D30);
        RenderOptions options = RenderOptions.linear().withGain(4).withHalfSize(true).withDenoise(400);
        byte[] bytes = Files.readAllBytes(file);
        RenderedImage ours = renderer.render(bytes, options);
        Raster reference = dcrawEmu(file, dir, "-o", "0", "-g", "1", "1", "-b", "4", "-h", "-n", "400");
        assertTrue(maxDifference(ours, reference, 0, 0) <= 1, "within one 16-bit level of dcraw_emu -n 400");
        RenderedImage plain = renderer.render(bytes, options.withDenoise(0));
        assertTrue(roughness(ours) < 0.97 * roughness(plain), "denoised is smoother: " + roughness(ours) + " vs "
                + roughness(plain));
        assertThrows(IllegalArgumentException.class, () -> options.withDenoise(-1));
    }

    /** Mean absolute difference of horizontal neighbours over all channels. */
    private static double roughness(RenderedImage image) {
        double sum = 0;
        long n = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 1; x < image.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs(image.get(x, y, c) - image.get(x - 1, y, c));
                    n++;
                }
            }
        }
        return sum / n;
    }

    /**
     * A half-size rendering is block for block the packing's: rendering a frame of any layout equals
     * rendering the same mosaic cropped to the packing crop (an RGGB frame, whose blocks LibRaw
     * counts from the origin anyway).
     */
    @ParameterizedTest
    @CsvSource({"RGGB", "BGGR", "GRBG", "GBRG"})
    void halfSizeBlocksAreThePackingsBlocks(CfaLayout layout) {
        int width = 42;
        int height = 30;
        Random random = new Random(layout.ordinal());
        short[] samples = new short[width * height];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (600 + random.nextInt(15000));
        }
        BayerPlane plane = new BayerPlane(width, height, samples);
        BlackLevels black = new BlackLevels(512, 520, 530, 540);
        DngFrame frame = DngFrame.sonyLike(width, height).withLayout(layout).withLevels(14, black, 16383);
        PackCrop crop = PackCrop.of(layout, width, height);
        short[] cropped = new short[crop.width() * crop.height()];
        for (int y = 0; y < crop.height(); y++) {
            System.arraycopy(samples, (crop.y() + y) * width + crop.x(), cropped, y * crop.width(), crop.width());
        }
        DngFrame croppedFrame = DngFrame.sonyLike(crop.width(), crop.height()).withLevels(14, black, 16383);
        RenderOptions half = RenderOptions.linear().withHalfSize(true);

        RenderedImage ours = renderer.render(DngWriter.write(frame, plane), half);
        RenderedImage reference = renderer.render(DngWriter.write(croppedFrame,
                new BayerPlane(crop.width(), crop.height(), cropped)), half);

        assertEquals(crop, ours.crop());
        assertEquals(crop.width() / 2, ours.width());
        assertEquals(crop.height() / 2, ours.height());
        assertArrayEquals(reference.rgb(), ours.rgb(), "block for block the packing crop's");
    }

    @Test
    void halfSizeOfRealFilesIsHalfThePackingCrop() {
        for (String name : new String[] {Samples.NIKON_D1, Samples.KODAK_DC50}) {
            RenderedImage ours = renderer.render(Samples.bytes(name), RenderOptions.srgb().withHalfSize(true));
            assertEquals(ours.crop().width() / 2, ours.width(), name);
            assertEquals(ours.crop().height() / 2, ours.height(), name);
            assertTrue(ours.crop().x() + ours.crop().y() > 0, name + ": red is not at the origin");
            assertTrue(mean(ours) > 2000, name + ": a photograph, not a black frame");
        }
    }

    @Test
    void gainScalesTheLinearOutput() {
        byte[] kdc = Samples.bytes(Samples.KODAK_DC50);
        RenderedImage one = renderer.render(kdc, RenderOptions.linear());
        RenderedImage two = renderer.render(kdc, RenderOptions.linear().withGain(2));
        double ratio = mean(two) / mean(one);
        assertEquals(2.0, ratio, 0.1, "twice the gain, about twice the mean (clipping aside)");
    }

    private static double mean(RenderedImage image) {
        long sum = 0;
        for (short v : image.rgb()) {
            sum += v & 0xFFFF;
        }
        return (double) sum / image.rgb().length;
    }
}
