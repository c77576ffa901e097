package io.nightshift.inference.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Debian's {@code dcraw_emu} (LibRaw's own command line) rendering a DNG exactly as the worker's sRGB output is
 * made: the file's white balance ({@code -w}: AsShotNeutral), sRGB primaries ({@code -o 1}) and the sRGB curve
 * ({@code -g 2.4 12.92}), 16-bit linear-to-curve output ({@code -6}), no auto-brightness ({@code -W}), no
 * maximum adjustment ({@code -c 0}), highlights clipped ({@code -H 0}), the file's orientation applied.
 */
public final class DcrawEmu {

    private DcrawEmu() {
    }

    public static Raster srgb(Path dng, Path dir) throws IOException, InterruptedException {
        Path tiff = dir.resolve(dng.getFileName() + ".dcraw_emu.tiff");
        List<String> command = List.of("dcraw_emu", "-w", "-o", "1", "-g", "2.4", "12.92", "-6", "-W", "-c", "0",
                "-H", "0", "-T", "-Z", tiff.toString(), dng.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
        BufferedImage image = ImageIO.read(tiff.toFile());
        assertEquals(16, image.getColorModel().getComponentSize(0), "dcraw_emu wrote 16-bit");
        return image.getRaster();
    }
}
