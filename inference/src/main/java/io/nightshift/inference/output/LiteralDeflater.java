package io.nightshift.inference.output;

import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.zip.Adler32;

/**
 * A zlib stream (RFC 1950) of deflate blocks (RFC 1951) that code literals only, with a Huffman code made for each
 * block from its own byte counts: what zlib's {@code Z_HUFFMAN_ONLY} strategy writes, at a third of its cost here
 * (two passes over each block: count, then code with a 64-bit bit buffer). For data in which no string search finds
 * repeats, like the low bytes of a photograph's 16-bit samples; {@link PngWriter} feeds it filtered rows a block
 * at a time ({@link #block}) and takes the bytes made so far ({@link #drain}) into its IDAT chunks.
 */
final class LiteralDeflater {

    private static final int EOB = 256;
    private static final int MAX_BITS = 15;
    private static final int MAX_CODE_LENGTH_BITS = 7;
    /** The order in which the code-length code's lengths are sent (RFC 1951, 3.2.7). */
    private static final int[] ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

    private final Adler32 adler = new Adler32();
    private byte[] out = new byte[1 << 16];
    private int size;
    private long bits;
    private int bitCount;
    private boolean finished;

    LiteralDeflater() {
        out[size++] = 0x78; // deflate, 32 KiB window
        out[size++] = 0x01; // fastest, no dictionary; 0x7801 is a multiple of 31
    }

    /** Codes {@code data[0, length)} as one block ({@code last}: the stream's last block, then the checksum). */
    void block(byte[] data, int length, boolean last) {
        if (finished) {
            throw new IllegalStateException("the stream is finished");
        }
        adler.update(data, 0, length);
        int[] freq = new int[EOB + 1];
        for (int i = 0; i < length; i++) {
            freq[data[i] & 0xFF]++;
        }
        freq[EOB] = 1;
        int[] lengths = lengths(freq, MAX_BITS);
        int[] codes = codes(lengths);
        ensure(length * 2L + 1024);
        put(last ? 1 : 0, 1);
        put(2, 2); // dynamic Huffman codes
        writeCodeLengths(lengths);
        for (int i = 0; i < length; i++) {
            int s = data[i] & 0xFF;
            put(codes[s], lengths[s]);
        }
        put(codes[EOB], lengths[EOB]);
        if (last) {
            put(0, (8 - bitCount % 8) % 8); // to a whole byte
            flushBits();
            long a = adler.getValue();
            ensure(4);
            out[size++] = (byte) (a >>> 24);
            out[size++] = (byte) (a >>> 16);
            out[size++] = (byte) (a >>> 8);
            out[size++] = (byte) a;
            finished = true;
        } else {
            flushBits();
        }
    }

    /** The whole bytes made since the last drain, passed to {@code sink}; the array is reused afterwards. */
    void drain(Sink sink) {
        sink.take(out, size);
        size = 0;
    }

    interface Sink {
        void take(byte[] bytes, int length);
    }

    /** Lit/len code lengths (HLIT 257), one distance code of length 1 (none is used), by a code-length code. */
    private void writeCodeLengths(int[] literalLengths) {
        int[] all = Arrays.copyOf(literalLengths, EOB + 2);
        all[EOB + 1] = 1; // the one distance code
        int[] freq = new int[19];
        for (int l : all) {
            freq[l]++;
        }
        int[] clLengths = lengths(freq, MAX_CODE_LENGTH_BITS);
        int[] clCodes = codes(clLengths);
        put(EOB + 1 - 257, 5); // HLIT: 257 lit/len codes
        put(0, 5);             // HDIST: 1 distance code
        put(19 - 4, 4);        // HCLEN: all 19 code-length codes
        for (int symbol : ORDER) {
            put(clLengths[symbol], 3);
        }
        for (int l : all) {
            put(clCodes[l], clLengths[l]);
        }
    }

    /**
     * Huffman code lengths for {@code freq} (zero for symbols that do not occur) of at most {@code limit} bits:
     * the counts are halved (keeping every used symbol at least 1) until the tree is shallow enough. At least two
     * symbols get a code, so that the code is complete.
     */
    static int[] lengths(int[] freq, int limit) {
        int n = freq.length;
        long[] f = new long[n];
        int used = 0;
        for (int i = 0; i < n; i++) {
            f[i] = freq[i];
            used += freq[i] > 0 ? 1 : 0;
        }
        for (int i = 0; used < 2 && i < n; i++) {
            if (f[i] == 0) {
                f[i] = 1;
                used++;
            }
        }
        while (true) {
            int[] lengths = treeLengths(f);
            int max = 0;
            for (int l : lengths) {
                max = Math.max(max, l);
            }
            if (max <= limit) {
                return lengths;
            }
            for (int i = 0; i < n; i++) {
                if (f[i] > 0) {
                    f[i] = Math.max(1, f[i] >> 1);
                }
            }
        }
    }

    private static int[] treeLengths(long[] f) {
        int n = f.length;
        int[] parent = new int[2 * n];
        long[] weight = new long[2 * n];
        PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : Long.compare(a[1], b[1]));
        for (int i = 0; i < n; i++) {
            if (f[i] > 0) {
                weight[i] = f[i];
                queue.add(new long[] {f[i], i});
            }
        }
        int next = n;
        while (queue.size() > 1) {
            long[] a = queue.poll();
            long[] b = queue.poll();
            weight[next] = a[0] + b[0];
            parent[(int) a[1]] = next;
            parent[(int) b[1]] = next;
            queue.add(new long[] {weight[next], next});
            next++;
        }
        int root = next - 1;
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            if (f[i] > 0) {
                int depth = 0;
                for (int node = i; node != root; node = parent[node]) {
                    depth++;
                }
                lengths[i] = depth;
            }
        }
        return lengths;
    }

    /** Canonical codes for {@code lengths} (RFC 1951, 3.2.2), bit-reversed for the LSB-first stream. */
    static int[] codes(int[] lengths) {
        int[] count = new int[MAX_BITS + 1];
        for (int l : lengths) {
            count[l]++;
        }
        count[0] = 0;
        int[] nextCode = new int[MAX_BITS + 2];
        int code = 0;
        for (int bits = 1; bits <= MAX_BITS; bits++) {
            code = (code + count[bits - 1]) << 1;
            nextCode[bits] = code;
        }
        int[] codes = new int[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            int l = lengths[i];
            if (l > 0) {
                codes[i] = Integer.reverse(nextCode[l]++) >>> (32 - l);
            }
        }
        return codes;
    }

    private void put(int value, int count) {
        bits |= (long) value << bitCount;
        bitCount += count;
        if (bitCount >= 32) {
            out[size++] = (byte) bits;
            out[size++] = (byte) (bits >>> 8);
            out[size++] = (byte) (bits >>> 16);
            out[size++] = (byte) (bits >>> 24);
            bits >>>= 32;
            bitCount -= 32;
        }
    }

    /** Writes the whole bytes of the bit buffer (a partial byte stays for the next block). */
    private void flushBits() {
        while (bitCount >= 8) {
            out[size++] = (byte) bits;
            bits >>>= 8;
            bitCount -= 8;
        }
    }

    private void ensure(long more) {
        if (size + more > out.length) {
            out = Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(size + more, 2L * out.length)));
        }
    }
}
