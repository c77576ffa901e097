package io.nightshift.raw.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.RawDecodeException;
import io.nightshift.raw.RawException;
import io.nightshift.raw.RawTooLargeException;
import io.nightshift.raw.Samples;
import io.nightshift.raw.dng.DngFrame;
import io.nightshift.raw.dng.DngWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad input gives its typed error, quickly, and the processor stays usable afterwards. */
class BadInputTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static RawDecoder decoder;

    @BeforeAll
    static void open() {
        decoder = new RawDecoder();
    }

    @AfterAll
    static void close() {
        decoder.close();
    }

    private static <T extends RawException> T decodeFails(Class<T> type, byte[] bytes) {
        T error = assertTimeout(BOUND, () -> assertThrows(type, () -> decoder.decode(bytes)));
        assertTrue(error.getMessage() != null && !error.getMessage().isBlank());
        // the decode-and-pack path refuses it with the same error
        T packedError = assertTimeout(BOUND, () -> assertThrows(type,
                () -> decoder.decodePacked(bytes, new io.nightshift.raw.pack.PackBuffers())));
        assertEquals(error.getMessage(), packedError.getMessage());
        // the thread's processor still decodes a good file afterwards
        assertEquals(2012, decoder.decode(Samples.bytes(Samples.NIKON_D1)).width());
        return error;
    }

    @Test
    void emptyInput() {
        RawDecodeException e = decodeFails(RawDecodeException.class, new byte[0]);
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void randomBytes() {
        byte[] noise = new byte[1 << 20];
        new Random(42).nextBytes(noise);
        RawDecodeException e = decodeFails(RawDecodeException.class, noise);
        assertEquals(-2, e.nativeCode().orElseThrow(), "LIBRAW_FILE_UNSUPPORTED");
    }

    @Test
    void jpegRenamedArw() throws IOException {
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 480; y++) {
            for (int x = 0; x < 640; x++) {
                image.setRGB(x, y, (x * 255 / 640) << 16 | (y * 255 / 480) << 8 | 128);
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "jpg", jpeg));
        RawDecodeException e = decodeFails(RawDecodeException.class, jpeg.toByteArray());
        assertTrue(e.nativeCode().isPresent(), "LibRaw's code is kept");
    }

    @ParameterizedTest
    @CsvSource({"RAW_NIKON_D1.NEF, 2", "RAW_CANON_D30_SRGB.CRW, 2", "RAW_KODAK_DC50.KDC, 2", "RAW_NIKON_D1.NEF, 50"})
    void truncatedCameraFile(String name, int percentKept) {
        byte[] whole = Samples.bytes(name);
        decodeFails(RawDecodeException.class, Arrays.copyOf(whole, whole.length * percentKept / 100));
    }

    @Test
    void truncatedDng() {
        byte[] whole = DngWriter.write(DngFrame.sonyLike(256, 128), new BayerPlane(256, 128, new short[256 * 128]));
        RawDecodeException e = decodeFails(RawDecodeException.class, Arrays.copyOf(whole, whole.length / 2));
        assertTrue(e.nativeCode().isPresent());
    }

    @Test
    void headerDeclaringAnEnormousImage() {
        byte[] dng = DngWriter.write(DngFrame.sonyLike(64, 64), new BayerPlane(64, 64, new short[64 * 64]));
        ByteBuffer tiff = ByteBuffer.wrap(dng).order(ByteOrder.LITTLE_ENDIAN);
        // IFD0 at 8: entry 0 is NewSubFileType, 1 ImageWidth, 2 ImageLength; a value sits 8 bytes into its entry
        assertEquals(256, tiff.getShort(8 + 2 + 12) & 0xFFFF);
        assertEquals(257, tiff.getShort(8 + 2 + 24) & 0xFFFF);
        tiff.putInt(8 + 2 + 12 + 8, 60000).putInt(8 + 2 + 24 + 8, 60000);

        RawTooLargeException e = decodeFails(RawTooLargeException.class, dng);
        assertEquals(3_600_000_000L, e.declaredPixels());
        assertEquals(DecodeLimits.DEFAULT_MAX_PIXELS, e.maxPixels());
    }

    @Test
    void configuredPixelLimitRefusesAGoodFile() {
        try (RawDecoder strict = new RawDecoder(new DecodeLimits(1_000_000))) {
            RawTooLargeException e = assertThrows(RawTooLargeException.class,
                    () -> strict.decode(Samples.bytes(Samples.NIKON_D1)));
            assertEquals(2012L * 1324, e.declaredPixels());
        }
    }
}
