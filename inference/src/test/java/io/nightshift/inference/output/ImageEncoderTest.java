package io.nightshift.inference.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.contract.PlanarImage;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.raw.pack.PackCrop;
import io.nightshift.raw.render.OutputSpace;
import io.nightshift.raw.render.RenderedImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.ExifParentTIFFTagSet;
import javax.imageio.plugins.tiff.ExifTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;

/** Every output format read back: size, bit depth, orientation (a marked corner), pixels, metadata. */
class ImageEncoderTest {

    private static final int W = 161;
    private static final int H = 97;
    private static final OutputMetadata META = new OutputMetadata("Sony", "ILCE-7SM2", 1 / 30.0, 3200,
            Optional.of(Instant.parse("2024-01-02T03:04:05Z")), "set-2026-11-26", 100, "given");

    /** A smooth gradient with a pure red 8×8 block at the top-left corner. */
    private static PlanarImage image() {
        PlanarImage img = PlanarImage.zeros(3, H, W);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean mark = x < 8 && y < 8;
                img.set(0, y, x, mark ? 1f : x / (float) W);
                img.set(1, y, x, mark ? 0f : y / (float) H);
                img.set(2, y, x, mark ? 0f : 0.5f);
            }
        }
        return img;
    }

    @Test
    void png16IsLosslessSixteenBitWithEnhancementText() throws IOException {
        PlanarImage src = image();
        byte[] png = ImageEncoder.encode(src, OutputFormat.PNG16, META);
        ImageReader reader = reader(png, "png");
        BufferedImage img = reader.read(0);
        assertEquals(W, img.getWidth());
        assertEquals(H, img.getHeight());
        assertEquals(16, img.getColorModel().getComponentSize(0));
        assertExactSixteenBit(src, img);
        Map<String, String> text = new HashMap<>();
        NodeList entries = ((IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0"))
                .getElementsByTagName("tEXtEntry");
        for (int i = 0; i < entries.getLength(); i++) {
            IIOMetadataNode e = (IIOMetadataNode) entries.item(i);
            text.put(e.getAttribute("keyword"), e.getAttribute("value"));
        }
        assertEquals("set-2026-11-26", text.get(ImageEncoder.PNG_MODEL_SET));
        assertEquals(100.0, Double.parseDouble(text.get(ImageEncoder.PNG_RATIO)));
        assertEquals("given", text.get(ImageEncoder.PNG_RATIO_SOURCE));
    }

    @Test
    void tiff16IsLosslessSixteenBitWithExif() throws IOException {
        PlanarImage src = image();
        byte[] tif = ImageEncoder.encode(src, OutputFormat.TIFF16, META);
        ImageReader reader = reader(tif, "tiff");
        BufferedImage img = reader.read(0);
        assertEquals(W, img.getWidth());
        assertEquals(H, img.getHeight());
        assertEquals(16, img.getColorModel().getComponentSize(0));
        assertExactSixteenBit(src, img);
        TIFFDirectory dir = TIFFDirectory.createFromMetadata(reader.getImageMetadata(0));
        assertEquals("Sony", dir.getTIFFField(BaselineTIFFTagSet.TAG_MAKE).getAsString(0));
        assertEquals("ILCE-7SM2", dir.getTIFFField(BaselineTIFFTagSet.TAG_MODEL).getAsString(0));
        assertEquals(1, dir.getTIFFField(BaselineTIFFTagSet.TAG_ORIENTATION).getAsInt(0));
        assertTrue(dir.getTIFFField(BaselineTIFFTagSet.TAG_IMAGE_DESCRIPTION).getAsString(0)
                .contains("model_set=set-2026-11-26 ratio=100.0 (given)"));
        TIFFDirectory exif = dir.getTIFFField(ExifParentTIFFTagSet.TAG_EXIF_IFD_POINTER).getDirectory();
        assertTrue(exif != null, "EXIF IFD present");
        assertEquals(3200, exif.getTIFFField(ExifTIFFTagSet.TAG_ISO_SPEED_RATINGS).getAsInt(0));
        long[] exposure = exif.getTIFFField(ExifTIFFTagSet.TAG_EXPOSURE_TIME).getAsRational(0);
        assertEquals(1 / 30.0, exposure[0] / (double) exposure[1], 1e-6);
        assertEquals("2024:01:02 03:04:05", exif.getTIFFField(ExifTIFFTagSet.TAG_DATE_TIME_ORIGINAL).getAsString(0));
    }

    @Test
    void jpegIsEightBitWithExifAndQualityMatters() throws IOException {
        PlanarImage src = image();
        byte[] jpg = ImageEncoder.encode(src, OutputFormat.JPEG, META, 0.95f);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpg));
        assertEquals(W, img.getWidth());
        assertEquals(H, img.getHeight());
        assertEquals(8, img.getColorModel().getComponentSize(0));
        int corner = img.getRGB(2, 2);
        assertTrue((corner >> 16 & 0xFF) > 220 && (corner >> 8 & 0xFF) < 40, "red mark stays top-left");
        int far = img.getRGB(W - 3, H - 3);
        assertTrue((far >> 16 & 0xFF) > 200 && (far >> 8 & 0xFF) > 200, "bottom-right is the gradient's end");
        assertTrue(ImageEncoder.encode(src, OutputFormat.JPEG, META, 0.3f).length < jpg.length, "quality is applied");

        Map<Integer, Object> exif = Exif.read(jpg);
        assertEquals("Sony", exif.get(271));
        assertEquals("ILCE-7SM2", exif.get(272));
        assertEquals(1, exif.get(274));
        assertEquals(3200, exif.get(34855));
        assertEquals(1 / 30.0, (Double) exif.get(33434), 1e-6);
        assertEquals("2024:01:02 03:04:05", exif.get(36867));
        assertTrue(((String) exif.get(270)).contains("model_set=set-2026-11-26"));
    }

    @Test
    void previewsFitTheLongSideAndNeverEnlarge() throws IOException {
        PlanarImage wide = PlanarImage.zeros(3, 300, 1000);
        BufferedImage p = ImageIO.read(new ByteArrayInputStream(Previews.jpeg(ImageEncoder.rgb8(wide), 256)));
        assertEquals(256, p.getWidth());
        assertEquals(77, p.getHeight());
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(Previews.jpeg(ImageEncoder.rgb8(image()), Previews.DEFAULT_LONG_SIDE)));
        assertEquals(W, small.getWidth());
        assertEquals(H, small.getHeight());
    }

    @Test
    void inputPreviewsComeFromTheFrontEndsRendering() throws IOException {
        short[] rgb = new short[400 * 200 * 3];
        for (int i = 0; i < 400 * 200; i++) {
            rgb[3 * i] = (short) 65535; // pure red
        }
        RenderedImage rendering = new RenderedImage(400, 200, rgb, new PackCrop(0, 0, 400, 200), OutputSpace.SRGB);
        BufferedImage p = ImageIO.read(new ByteArrayInputStream(Previews.jpeg(rendering, 100)));
        assertEquals(100, p.getWidth());
        assertEquals(50, p.getHeight());
        int c = p.getRGB(50, 25);
        assertTrue((c >> 16 & 0xFF) > 240 && (c >> 8 & 0xFF) < 20 && (c & 0xFF) < 20, Integer.toHexString(c));
    }

    private static void assertExactSixteenBit(PlanarImage src, BufferedImage img) {
        for (int y = 0; y < H; y += 7) {
            for (int x = 0; x < W; x += 5) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(Math.round(src.get(c, y, x) * 65535), img.getRaster().getSample(x, y, c),
                            "pixel " + x + "," + y + " channel " + c);
                }
            }
        }
    }

    private static ImageReader reader(byte[] bytes, String format) throws IOException {
        ImageReader reader = ImageIO.getImageReadersByFormatName(format).next();
        ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes));
        reader.setInput(in);
        return reader;
    }

    /** Reads the EXIF APP1 of a JPEG: tag → String, Integer or Double (rational), IFD0 and the EXIF IFD. */
    static final class Exif {

        static Map<Integer, Object> read(byte[] jpeg) {
            ByteBuffer b = ByteBuffer.wrap(jpeg);
            int pos = 2;
            while (pos + 4 < jpeg.length) {
                int marker = b.getShort(pos) & 0xFFFF;
                int length = b.getShort(pos + 2) & 0xFFFF;
                if (marker == 0xFFE1 && new String(jpeg, pos + 4, 6, StandardCharsets.US_ASCII).equals("Exif\0\0")) {
                    ByteBuffer tiff = ByteBuffer.wrap(jpeg, pos + 10, length - 8).slice();
                    Map<Integer, Object> out = new HashMap<>();
                    readIfd(tiff, tiff.getInt(4), out);
                    return out;
                }
                pos += 2 + length;
            }
            throw new AssertionError("no EXIF APP1 segment");
        }

        private static void readIfd(ByteBuffer t, int offset, Map<Integer, Object> out) {
            int n = t.getShort(offset) & 0xFFFF;
            for (int i = 0; i < n; i++) {
                int e = offset + 2 + 12 * i;
                int tag = t.getShort(e) & 0xFFFF;
                int type = t.getShort(e + 2) & 0xFFFF;
                int count = t.getInt(e + 4);
                switch (type) {
                    case 2 -> {
                        int at = count <= 4 ? e + 8 : t.getInt(e + 8);
                        byte[] s = new byte[count - 1];
                        t.get(at, s);
                        out.put(tag, new String(s, StandardCharsets.US_ASCII));
                    }
                    case 3 -> out.put(tag, t.getShort(e + 8) & 0xFFFF);
                    case 4 -> {
                        if (tag == 34665) {
                            readIfd(t, t.getInt(e + 8), out);
                        } else {
                            out.put(tag, t.getInt(e + 8));
                        }
                    }
                    case 5 -> {
                        int at = t.getInt(e + 8);
                        out.put(tag, (t.getInt(at) & 0xFFFFFFFFL) / (double) (t.getInt(at + 4) & 0xFFFFFFFFL));
                    }
                    default -> throw new AssertionError("unexpected type " + type);
                }
            }
        }
    }
}
