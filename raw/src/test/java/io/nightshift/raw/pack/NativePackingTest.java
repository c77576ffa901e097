package io.nightshift.raw.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.CfaLayout;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.RawGeometry;
import io.nightshift.raw.Samples;
import io.nightshift.raw.decode.RawDecoder;
import io.nightshift.raw.dng.DngFrame;
import io.nightshift.raw.dng.DngWriter;
import java.nio.ByteBuffer;
import java.util.Random;
import org.bytedeco.javacpp.ShortPointer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The native one-pass packer gives exactly the plain-Java packing, from Java planes and straight
 * from LibRaw's memory ({@link RawDecoder#decodePacked}), into reused arrays.
 */
class NativePackingTest {

    private static RawDecoder decoder;

    @BeforeAll
    static void open() {
        decoder = new RawDecoder();
    }

    @AfterAll
    static void close() {
        decoder.close();
    }

    private static BayerPlane randomPlane(int width, int height, long seed) {
        Random random = new Random(seed);
        short[] samples = new short[width * height];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) random.nextInt(65536); // below black and above white too: both clamp
        }
        return new BayerPlane(width, height, samples);
    }

    @ParameterizedTest
    @CsvSource({"RGGB, 64, 48", "BGGR, 63, 47", "GRBG, 33, 20", "GBRG, 2001, 3", "RGGB, 3, 3"})
    void nativeEqualsPortableBitForBit(CfaLayout layout, int width, int height) {
        BayerPlane plane = randomPlane(width, height, width * 31L + height);
        int[] black = {512, 600, 700, 800};
        PackedRaw expected = SidPacker.packPortable(plane, layout, black, 16383);
        PackedRaw actual = SidPacker.pack(plane, layout, black, 16383);
        assertEquals(expected.crop(), actual.crop());
        assertArrayEquals(expected.data(), actual.data());
    }

    @ParameterizedTest
    @CsvSource({"RAW_NIKON_D1.NEF", "RAW_CANON_D30_SRGB.CRW", "RAW_KODAK_DC50.KDC"})
    void decodePackedEqualsDecodeThenPack(String name) {
        byte[] file = Samples.bytes(name);
        DecodedRaw raw = decoder.decode(file);
        PackedRaw expected = SidPacker.packPortable(raw.plane(), raw.cfa(), raw.black().toArray(), raw.white());

        PackBuffers buffers = new PackBuffers();
        PackedFrame fromHeap = decoder.decodePacked(file, buffers);
        assertEquals(raw.metadata(), fromHeap.metadata());
        assertEquals(expected.crop(), fromHeap.packed().crop());
        assertArrayEquals(expected.data(), fromHeap.packed().data());

        float[] first = fromHeap.packed().data();
        ByteBuffer direct = ByteBuffer.allocateDirect(file.length).put(file).flip();
        PackedFrame fromDirect = decoder.decodePacked(direct, buffers);
        assertSame(first, fromDirect.packed().data(), "the caller's array is reused");
        assertArrayEquals(expected.data(), fromDirect.packed().data());
        assertArrayEquals(expected.data(), SidPacker.pack(raw, new PackBuffers()).data());
    }

    @Test
    void sonyLikeFrameFromLibRawMemory() {
        BayerPlane plane = randomPlane(4256, 2848, 5);
        short[] samples = plane.samples();
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((samples[i] & 0xFFFF) % 16384);
        }
        PackedFrame frame = decoder.decodePacked(DngWriter.write(DngFrame.sonyLike(4256, 2848), plane));
        PackedRaw expected = SidPacker.packPortable(plane, CfaLayout.RGGB, new int[] {512, 512, 512, 512}, 16383);
        assertArrayEquals(new long[] {4, 1424, 2128}, frame.packed().shape());
        assertArrayEquals(expected.data(), frame.packed().data());
    }

    @Test
    void packBuffersReuseOnlyTheSameLength() {
        PackBuffers buffers = new PackBuffers();
        float[] a = buffers.take(16);
        assertSame(a, buffers.take(16));
        assertEquals(20, buffers.take(20).length);
    }

    @Test
    void aMosaicTooSmallForTheFrameIsRefusedBeforeNativeCode() {
        org.bytedeco.javacpp.Loader.load(io.nightshift.libraw.global.LibRawApi.class);
        try (ShortPointer mosaic = new ShortPointer(100)) {
            RawGeometry geometry = new RawGeometry(20, 10, 20, 10, 0, 0);
            assertThrows(IllegalArgumentException.class, () -> SidPacker.pack(mosaic, 10, geometry, CfaLayout.RGGB,
                    new int[] {0, 0, 0, 0}, 100, new PackBuffers()));
            RawGeometry small = new RawGeometry(10, 20, 10, 10, 0, 0);
            assertThrows(IllegalArgumentException.class, () -> SidPacker.pack(mosaic, 10, small, CfaLayout.RGGB,
                    new int[] {0, 0, 0, 0}, 100, new PackBuffers()));
        }
    }
}
