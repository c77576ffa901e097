package io.nightshift.raw.render;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Writes a {@link RenderedImage} as a 16-bit RGB PNG or TIFF (chosen by the file name's extension). */
public final class ImageFileWriter {

    private ImageFileWriter() {
    }

    public static void write(RenderedImage image, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String format;
        if (name.endsWith(".png")) {
            format = "png";
        } else if (name.endsWith(".tif") || name.endsWith(".tiff")) {
            format = "tiff";
        } else {
            throw new IllegalArgumentException("output must end in .png, .tif or .tiff: " + file);
        }
        if (!ImageIO.write(toBufferedImage(image), format, Files.newOutputStream(file))) {
            throw new IOException("no ImageIO writer for 16-bit RGB " + format);
        }
    }

    static BufferedImage toBufferedImage(RenderedImage image) {
        ColorSpace space = ColorSpace.getInstance(
                image.space() == OutputSpace.SRGB ? ColorSpace.CS_sRGB : ColorSpace.CS_LINEAR_RGB);
        ComponentColorModel model = new ComponentColorModel(space, new int[] {16, 16, 16}, false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        DataBufferUShort buffer = new DataBufferUShort(image.rgb(), image.rgb().length);
        WritableRaster raster = Raster.createInterleavedRaster(buffer, image.width(), image.height(),
                image.width() * 3, 3, new int[] {0, 1, 2}, null);
        return new BufferedImage(model, raster, false, null);
    }
}
