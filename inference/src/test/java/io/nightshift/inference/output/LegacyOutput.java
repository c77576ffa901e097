package io.nightshift.inference.output;

import io.nightshift.contract.ContractV1;
import io.nightshift.contract.PlanarImage;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.raw.render.RenderedImage;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.ExifParentTIFFTagSet;
import javax.imageio.plugins.tiff.ExifTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageOutputStream;

/**
 * TEST ORACLE: the encoders and previews as they were before issue 20 (ImageIO for every format, previews by
 * Java2D halving), kept only to hold today's outputs against them.
 */
final class LegacyOutput {

    /** Default JPEG quality, 0–1. */
    public static final float DEFAULT_JPEG_QUALITY = 0.92f;

    /** PNG {@code tEXt} keywords. */
    public static final String PNG_MODEL_SET = "nightshift:model_set";
    public static final String PNG_RATIO = "nightshift:ratio";
    public static final String PNG_RATIO_SOURCE = "nightshift:ratio_source";

    private LegacyOutput() {
    }

    public static byte[] encode(PlanarImage srgb, OutputFormat format, OutputMetadata metadata) {
        return encode(srgb, format, metadata, DEFAULT_JPEG_QUALITY);
    }

    public static byte[] encode(PlanarImage srgb, OutputFormat format, OutputMetadata metadata, float jpegQuality) {
        if (srgb.channels() != ContractV1.RGB_CHANNELS) {
            throw new IllegalArgumentException("an output image has 3 channels, got " + srgb.channels());
        }
        try {
            return switch (format) {
                case PNG16 -> png16(srgb, metadata);
                case TIFF16 -> tiff16(srgb, metadata);
                case JPEG -> jpeg(toRgb8(srgb), metadata, jpegQuality);
                case DNG -> throw new IllegalArgumentException(
                        "a DNG holds the linear frame, not the sRGB image: LinearDngEncoder writes it");
            };
        } catch (IOException e) {
            throw new UncheckedIOException("encoding " + format.wireName() + " failed", e);
        }
    }

    /** An 8-bit JPEG without metadata (previews). */
    public static byte[] jpeg(BufferedImage rgb8, float quality) {
        try {
            return jpeg(rgb8, null, quality);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a JPEG failed", e);
        }
    }

    private static byte[] png16(PlanarImage srgb, OutputMetadata m) throws IOException {
        BufferedImage image = toRgb16(srgb);
        ImageWriter writer = writer("png");
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata meta = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
            IIOMetadataNode text = new IIOMetadataNode("tEXt");
            for (Map.Entry<String, String> e : Map.of(
                    PNG_MODEL_SET, m.modelSet(),
                    PNG_RATIO, Double.toString(m.ratio()),
                    PNG_RATIO_SOURCE, m.ratioSource(),
                    "Software", ExifBlock.SOFTWARE,
                    "Description", m.description(),
                    "Source", (m.make() + " " + m.model()).trim()).entrySet()) {
                IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
                entry.setAttribute("keyword", e.getKey());
                entry.setAttribute("value", e.getValue());
                text.appendChild(entry);
            }
            m.captureTime().ifPresent(t -> {
                IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
                entry.setAttribute("keyword", "Creation Time");
                entry.setAttribute("value", ExifBlock.EXIF_TIME.format(t));
                text.appendChild(entry);
            });
            IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
            root.appendChild(text);
            meta.mergeTree("javax_imageio_png_1.0", root);
            return write(writer, new IIOImage(image, null, meta), param);
        } finally {
            writer.dispose();
        }
    }

    private static byte[] tiff16(PlanarImage srgb, OutputMetadata m) throws IOException {
        BufferedImage image = toRgb16(srgb);
        ImageWriter writer = writer("tiff");
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType("Deflate");
            TIFFDirectory dir = TIFFDirectory.createFromMetadata(
                    writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param));
            BaselineTIFFTagSet base = BaselineTIFFTagSet.getInstance();
            ascii(dir, base.getTag(BaselineTIFFTagSet.TAG_IMAGE_DESCRIPTION), m.description());
            ascii(dir, base.getTag(BaselineTIFFTagSet.TAG_MAKE), m.make());
            ascii(dir, base.getTag(BaselineTIFFTagSet.TAG_MODEL), m.model());
            ascii(dir, base.getTag(BaselineTIFFTagSet.TAG_SOFTWARE), ExifBlock.SOFTWARE);
            m.captureTime().ifPresent(t -> ascii(dir, base.getTag(BaselineTIFFTagSet.TAG_DATE_TIME), ExifBlock.EXIF_TIME.format(t)));
            dir.addTIFFField(new TIFFField(base.getTag(BaselineTIFFTagSet.TAG_ORIENTATION), 1));

            ExifTIFFTagSet exifTags = ExifTIFFTagSet.getInstance();
            TIFFTag pointer = ExifParentTIFFTagSet.getInstance().getTag(ExifParentTIFFTagSet.TAG_EXIF_IFD_POINTER);
            TIFFDirectory exif = new TIFFDirectory(new javax.imageio.plugins.tiff.TIFFTagSet[] {exifTags}, pointer);
            if (m.exposureSeconds() > 0) {
                exif.addTIFFField(new TIFFField(exifTags.getTag(ExifTIFFTagSet.TAG_EXPOSURE_TIME), TIFFTag.TIFF_RATIONAL, 1,
                        new long[][] {{Math.round(m.exposureSeconds() * 1_000_000), 1_000_000}}));
            }
            if (m.iso() > 0) {
                exif.addTIFFField(new TIFFField(exifTags.getTag(ExifTIFFTagSet.TAG_ISO_SPEED_RATINGS), TIFFTag.TIFF_SHORT, 1,
                        new char[] {(char) Math.min(65535, m.iso())}));
            }
            m.captureTime().ifPresent(t -> ascii(exif, exifTags.getTag(ExifTIFFTagSet.TAG_DATE_TIME_ORIGINAL),
                    ExifBlock.EXIF_TIME.format(t)));
            dir.addTIFFField(new TIFFField(pointer, TIFFTag.TIFF_LONG, 1L, exif)); // the writer rewrites the offset
            return write(writer, new IIOImage(image, null, dir.getAsMetadata()), param);
        } finally {
            writer.dispose();
        }
    }

    private static byte[] jpeg(BufferedImage rgb8, OutputMetadata m, float quality) throws IOException {
        if (!(quality > 0f && quality <= 1f)) {
            throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + quality);
        }
        ImageWriter writer = writer("jpeg");
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            IIOMetadata meta = writer.getDefaultImageMetadata(new ImageTypeSpecifier(rgb8), param);
            if (m != null) {
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree("javax_imageio_jpeg_image_1.0");
                IIOMetadataNode markers = (IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
                IIOMetadataNode app1 = new IIOMetadataNode("unknown");
                app1.setAttribute("MarkerTag", Integer.toString(0xE1));
                app1.setUserObject(ExifBlock.app1Payload(m));
                markers.insertBefore(app1, markers.getFirstChild());
                meta.setFromTree("javax_imageio_jpeg_image_1.0", root);
            }
            return write(writer, new IIOImage(rgb8, null, meta), param);
        } finally {
            writer.dispose();
        }
    }

    private static void ascii(TIFFDirectory dir, TIFFTag tag, String value) {
        if (value != null && !value.isEmpty()) {
            dir.addTIFFField(new TIFFField(tag, TIFFTag.TIFF_ASCII, 1, new String[] {value}));
        }
    }

    private static ImageWriter writer(String format) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        if (!writers.hasNext()) {
            throw new IllegalStateException("no ImageIO writer for " + format);
        }
        return writers.next();
    }

    private static byte[] write(ImageWriter writer, IIOImage image, ImageWriteParam param) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, image, param);
        }
        return bytes.toByteArray();
    }

    /** 16-bit RGB, values rounded from [0, 1] (clamped). */
    static BufferedImage toRgb16(PlanarImage srgb) {
        int w = srgb.width();
        int h = srgb.height();
        int plane = srgb.planeSize();
        float[] src = srgb.data();
        short[] rgb = new short[3 * plane];
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                rgb[3 * i + c] = (short) quantise(src[c * plane + i], 65535);
            }
        }
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {16, 16, 16}, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferUShort(rgb, rgb.length), w, h, 3 * w, 3,
                new int[] {0, 1, 2}, null);
        return new BufferedImage(model, raster, false, null);
    }

    /** 8-bit RGB, values rounded from [0, 1] (clamped). */
    public static BufferedImage toRgb8(PlanarImage srgb) {
        int w = srgb.width();
        int plane = srgb.planeSize();
        float[] src = srgb.data();
        int[] pixels = new int[plane];
        for (int i = 0; i < plane; i++) {
            pixels[i] = quantise(src[i], 255) << 16 | quantise(src[plane + i], 255) << 8 | quantise(src[2 * plane + i], 255);
        }
        BufferedImage image = new BufferedImage(w, srgb.height(), BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, w, srgb.height(), pixels, 0, w);
        return image;
    }

    private static int quantise(float v, int max) {
        float c = v > 0f ? (v < 1f ? v : 1f) : 0f;
        return Math.round(c * max);
    }

    static final float PREVIEW_QUALITY = 0.85f;

    static byte[] preview(PlanarImage srgb, int longSide) {
        return jpeg(scale(toRgb8(srgb), longSide), PREVIEW_QUALITY);
    }

    /**
     * A preview of a plain rendering of the input: the RAW front end's {@code ReferenceRenderer} output
     * (e.g. {@code RenderOptions.srgb().withGain(ratio).withHalfSize(true)}), 16-bit sRGB.
     */
    static byte[] preview(RenderedImage rendering, int longSide) {
        int w = rendering.width();
        int h = rendering.height();
        short[] rgb = rendering.rgb();
        int[] pixels = new int[w * h];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = eight(rgb[3 * i]) << 16 | eight(rgb[3 * i + 1]) << 8 | eight(rgb[3 * i + 2]);
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, w, h, pixels, 0, w);
        return jpeg(scale(image, longSide), PREVIEW_QUALITY);
    }

    private static int eight(short sixteen) {
        return ((sixteen & 0xFFFF) * 255 + 32767) / 65535;
    }

    static BufferedImage scale(BufferedImage image, int longSide) {
        if (longSide <= 0) {
            throw new IllegalArgumentException("long side must be positive, got " + longSide);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        double s = Math.min(1.0, longSide / (double) Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * s));
        int th = Math.max(1, (int) Math.round(h * s));
        BufferedImage current = image;
        while (current.getWidth() / 2 >= tw && current.getHeight() / 2 >= th) {
            current = resize(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        return current.getWidth() == tw && current.getHeight() == th ? current : resize(current, tw, th);
    }

    private static BufferedImage resize(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The contract's post-processing as it was before issue 20: per pixel, double precision, the exact curve. */
    static PlanarImage post(io.nightshift.contract.post.PostProcessor p, PlanarImage linearRgb) {
        io.nightshift.contract.post.FrameWindow frame = p.frame();
        io.nightshift.contract.post.Orientation orientation = p.orientation();
        int outH = orientation.outputHeight(frame.height(), frame.width());
        int outW = orientation.outputWidth(frame.height(), frame.width());
        PlanarImage out = PlanarImage.zeros(3, outH, outW);
        int srcH = linearRgb.height();
        int srcW = linearRgb.width();
        int srcPlane = linearRgb.planeSize();
        int outPlane = out.planeSize();
        float[] src = linearRgb.data();
        float[] dst = out.data();
        for (int row = 0; row < outH; row++) {
            for (int col = 0; col < outW; col++) {
                int sy = Math.max(0, Math.min(srcH - 1, orientation.sourceRow(row, col, frame.height()) + frame.top()));
                int sx = Math.max(0, Math.min(srcW - 1, orientation.sourceColumn(row, col, frame.width()) + frame.left()));
                int s = sy * srcW + sx;
                double r = clip(src[s]);
                double g = clip(src[s + srcPlane]);
                double b = clip(src[s + 2 * srcPlane]);
                for (int c = 0; c < 3; c++) {
                    dst[row * outW + col + c * outPlane] = (float) io.nightshift.contract.post.SrgbCurve.encode(
                            p.matrix().get(c, 0) * r + p.matrix().get(c, 1) * g + p.matrix().get(c, 2) * b);
                }
            }
        }
        return out;
    }

    private static double clip(float v) {
        return v > 0f ? (v < 1f ? v : 1.0) : 0.0;
    }
}
