package io.nightshift.inference.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** zlib's own inflater reads back what {@link LiteralDeflater} writes, over blocks of every kind of content. */
class LiteralDeflaterTest {

    @Test
    void zlibInflatesItBackExactly() throws DataFormatException {
        SplittableRandom random = new SplittableRandom(3);
        byte[][] blocks = new byte[5][];
        blocks[0] = new byte[100_000];
        random.nextBytes(blocks[0]);                      // noise: about 8 bits a byte
        blocks[1] = new byte[70_000];
        for (int i = 0; i < blocks[1].length; i++) {
            blocks[1][i] = (byte) Math.round(random.nextGaussian() * 2); // small residuals: few bits a byte
        }
        blocks[2] = new byte[40_000];                     // one value only
        blocks[3] = skewed(200_000);                      // counts that make a Huffman tree deeper than 15
        blocks[4] = new byte[] {42};
        LiteralDeflater deflater = new LiteralDeflater();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int b = 0; b < blocks.length; b++) {
            deflater.block(blocks[b], blocks[b].length, b == blocks.length - 1);
            deflater.drain((bytes, length) -> stream.write(bytes, 0, length));
            expected.writeBytes(blocks[b]);
        }
        byte[] zlib = stream.toByteArray();
        assertArrayEquals(expected.toByteArray(), inflate(zlib, expected.size()));
        int noise = 100_000;
        int small = 70_000;
        assertTrue(zlib.length < noise * 1.01 + small * 0.5 + 40_000 * 0.2 + 200_000, "size " + zlib.length);
    }

    @Test
    void codeLengthsStayWithinTheLimitAndFormACompleteCode() {
        int[] freq = new int[257];
        long f = 1;
        for (int i = 0; i < 40; i++) {
            freq[i] = (int) Math.min(Integer.MAX_VALUE, f);
            f = f * 3 / 2 + 1;
        }
        int[] lengths = LiteralDeflater.lengths(freq, 15);
        double kraft = 0;
        for (int i = 0; i < lengths.length; i++) {
            assertTrue(lengths[i] <= 15, "length " + lengths[i]);
            assertEquals(freq[i] > 0, lengths[i] > 0, "symbol " + i);
            kraft += lengths[i] > 0 ? Math.pow(2, -lengths[i]) : 0;
        }
        assertEquals(1.0, kraft, 1e-12);
    }

    private static byte[] skewed(int n) {
        byte[] data = new byte[n];
        int at = 0;
        int count = 1;
        for (int symbol = 0; symbol < 24 && at < n; symbol++) {
            for (int k = 0; k < count && at < n; k++) {
                data[at++] = (byte) symbol;
            }
            count = count * 2;
        }
        return data;
    }

    private static byte[] inflate(byte[] zlib, int size) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(zlib);
            byte[] out = new byte[size + 16];
            int n = 0;
            while (!inflater.finished()) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new AssertionError("the stream ended early after " + n + " bytes");
                }
                n += got;
            }
            assertEquals(size, n);
            assertEquals(0, inflater.getRemaining(), "bytes after the checksum");
            return java.util.Arrays.copyOf(out, n);
        } finally {
            inflater.end();
        }
    }
}
