package io.nightshift.raw.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.raw.Samples;
import io.nightshift.raw.pack.PackCrop;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /** dcraw_emu's rendering of {@code file} with the renderer's fixed settings plus {@code extra}. */
    private static Raster dcrawEmu(Path file, Path dir, String... extra) throws IOException, InterruptedException {
        Path tiff = dir.resolve("dcraw_emu.tiff");
        List<String> command = new ArrayList<>(List.of("dcraw_emu", "-w", "-6", "-W", "-c", "0", "-t", "0", "-H", "0"));
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
