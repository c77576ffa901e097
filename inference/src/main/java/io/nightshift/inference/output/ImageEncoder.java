package io.nightshift.inference.output;

import io.nightshift.contract.ContractV1;
import io.nightshift.contract.PlanarImage;
import io.nightshift.contract.post.Rgb16Image;
import io.nightshift.contract.post.Rgb8Image;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.turbojpeg.TurboJpeg;
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
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.ExifParentTIFFTagSet;
import javax.imageio.plugins.tiff.ExifTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageOutputStream;

/**
 * Encodes post-processed display sRGB (the oriented visible frame, packed 8- or 16-bit from
 * {@code PostProcessor.render8/render16}): 8-bit JPEG with a quality setting through libjpeg-turbo
 * ({@link TurboJpeg}: the JDK writer's tables at the same quality, 4:2:0; EXIF in APP1), 16-bit PNG written
 * directly ({@link PngWriter}: lossless; the shot and the enhancement in {@code tEXt} chunks), 16-bit TIFF with
 * ImageIO (lossless, Deflate; Make, Model, ImageDescription, Software, DateTime and an EXIF IFD with exposure, ISO
 * and capture time). The pixel arrays are read in place, never copied into another image.
 */
public final class ImageEncoder {

    /** Default JPEG quality, 0–1. */
    public static final float DEFAULT_JPEG_QUALITY = 0.92f;

    /** PNG {@code tEXt} keywords. */
    public static final String PNG_MODEL_SET = "nightshift:model_set";
    public static final String PNG_RATIO = "nightshift:ratio";
    public static final String PNG_RATIO_SOURCE = "nightshift:ratio_source";

    private ImageEncoder() {
    }

    /** Whether a format's encoder takes the 16-bit rendering ({@link Rgb16Image}) rather than the 8-bit one. */
    public static boolean sixteenBit(OutputFormat format) {
        return format == OutputFormat.PNG16 || format == OutputFormat.TIFF16;
    }

    /** A float sRGB image ({@code [3, H, W]} in [0, 1]) in a format: quantised, then encoded. */
    public static byte[] encode(PlanarImage srgb, OutputFormat format, OutputMetadata metadata) {
        return encode(srgb, format, metadata, DEFAULT_JPEG_QUALITY);
    }

    public static byte[] encode(PlanarImage srgb, OutputFormat format, OutputMetadata metadata, float jpegQuality) {
        return switch (format) {
            case PNG16, TIFF16 -> encode(rgb16(srgb), format, metadata);
            case JPEG -> jpeg(rgb8(srgb), metadata, jpegQuality);
            case DNG -> throw dng();
        };
    }

    /** A 16-bit format: {@code png16} or {@code tiff16}. */
    public static byte[] encode(Rgb16Image srgb, OutputFormat format, OutputMetadata metadata) {
        return switch (format) {
            case PNG16 -> png16(srgb, metadata);
            case TIFF16 -> tiff16(srgb, metadata);
            case JPEG -> throw new IllegalArgumentException("a JPEG is encoded from the 8-bit rendering");
            case DNG -> throw dng();
        };
    }

    private static IllegalArgumentException dng() {
        return new IllegalArgumentException("a DNG holds the linear frame, not the sRGB image: LinearDngEncoder writes it");
    }

    /** An 8-bit JPEG with the shot's EXIF in APP1 ({@code metadata} null: none). */
    public static byte[] jpeg(Rgb8Image rgb8, OutputMetadata metadata, float quality) {
        if (!(quality > 0f && quality <= 1f)) {
            throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + quality);
        }
        int ijg = Math.max(1, Math.min(100, Math.round(quality * 100)));
        byte[] jpeg = TurboJpeg.compress(rgb8.data(), 0, rgb8.width(), rgb8.height(), ijg, TurboJpeg.Subsampling.S420);
        return metadata == null ? jpeg : withApp1(jpeg, ExifBlock.app1Payload(metadata));
    }

    /** An 8-bit JPEG without metadata (previews). */
    public static byte[] jpeg(Rgb8Image rgb8, float quality) {
        return jpeg(rgb8, null, quality);
    }

    /** {@code payload} as an APP1 segment after the JFIF APP0 segment (where the JDK writer put it). */
    static byte[] withApp1(byte[] jpeg, byte[] payload) {
        if (payload.length + 2 > 0xFFFF) {
            throw new IllegalArgumentException("an APP1 segment holds at most 65,533 bytes, got " + payload.length);
        }
        int at = 2; // after SOI
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            at = 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF));
        }
        byte[] out = new byte[jpeg.length + 4 + payload.length];
        System.arraycopy(jpeg, 0, out, 0, at);
        out[at] = (byte) 0xFF;
        out[at + 1] = (byte) 0xE1;
        out[at + 2] = (byte) ((payload.length + 2) >>> 8);
        out[at + 3] = (byte) (payload.length + 2);
        System.arraycopy(payload, 0, out, at + 4, payload.length);
        System.arraycopy(jpeg, at, out, at + 4 + payload.length, jpeg.length - at);
        return out;
    }

    private static byte[] png16(Rgb16Image srgb, OutputMetadata m) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put(PNG_MODEL_SET, m.modelSet());
        text.put(PNG_RATIO, Double.toString(m.ratio()));
        text.put(PNG_RATIO_SOURCE, m.ratioSource());
        text.put("Software", ExifBlock.SOFTWARE);
        text.put("Description", m.description());
        text.put("Source", (m.make() + " " + m.model()).trim());
        m.captureTime().ifPresent(t -> text.put("Creation Time", ExifBlock.EXIF_TIME.format(t)));
        return PngWriter.write(srgb, text);
    }

    private static byte[] tiff16(Rgb16Image srgb, OutputMetadata m) {
        BufferedImage image = bufferedImage(srgb);
        ImageWriter writer = writer("tiff");
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType("Deflate");
            // the JDK's TIFF writer deflates at level 1 + 8 × quality, 9 unless told: the noise in the low bytes
            // compresses no better at 9 (bench stages' frame: 69.3 MB at 9, 69.1 MB at 1); most of this writer's
            // time (~2.3 s of CPU for 12 MP) is its own sample handling, not the deflater
            param.setCompressionQuality(0f);
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
        } catch (IOException e) {
            throw new UncheckedIOException("encoding tiff16 failed", e);
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

    /** The 16-bit samples as a {@link BufferedImage} over the same array (no copy). */
    static BufferedImage bufferedImage(Rgb16Image srgb) {
        short[] rgb = srgb.data();
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                new int[] {16, 16, 16}, false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferUShort(rgb, rgb.length), srgb.width(),
                srgb.height(), 3 * srgb.width(), 3, new int[] {0, 1, 2}, null);
        return new BufferedImage(model, raster, false, null);
    }

    /** 16-bit packed RGB of a float sRGB image, values rounded from [0, 1] (clamped). */
    public static Rgb16Image rgb16(PlanarImage srgb) {
        checkRgb(srgb);
        int plane = srgb.planeSize();
        float[] src = srgb.data();
        short[] rgb = new short[3 * plane];
        for (int i = 0; i < plane; i++) {
            rgb[3 * i] = (short) quantise(src[i], 65535);
            rgb[3 * i + 1] = (short) quantise(src[plane + i], 65535);
            rgb[3 * i + 2] = (short) quantise(src[2 * plane + i], 65535);
        }
        return new Rgb16Image(rgb, srgb.width(), srgb.height());
    }

    /** 8-bit packed RGB of a float sRGB image, values rounded from [0, 1] (clamped). */
    public static Rgb8Image rgb8(PlanarImage srgb) {
        checkRgb(srgb);
        int plane = srgb.planeSize();
        float[] src = srgb.data();
        byte[] rgb = new byte[3 * plane];
        for (int i = 0; i < plane; i++) {
            rgb[3 * i] = (byte) quantise(src[i], 255);
            rgb[3 * i + 1] = (byte) quantise(src[plane + i], 255);
            rgb[3 * i + 2] = (byte) quantise(src[2 * plane + i], 255);
        }
        return new Rgb8Image(rgb, srgb.width(), srgb.height());
    }

    private static void checkRgb(PlanarImage srgb) {
        if (srgb.channels() != ContractV1.RGB_CHANNELS) {
            throw new IllegalArgumentException("an output image has 3 channels, got " + srgb.channels());
        }
    }

    private static int quantise(float v, int max) {
        float c = v > 0f ? (v < 1f ? v : 1f) : 0f;
        return Math.round(c * max);
    }
}
