package io.nightshift.inference.output;

import io.nightshift.contract.post.Rgb16Image;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * 16-bit RGB PNG written directly (no ImageIO): IHDR, {@code tEXt} chunks, the rows filtered and deflated in one
 * pass, IEND. Every row uses the Up filter and the stream is Huffman-coded only, one code per MiB of rows
 * ({@link LiteralDeflater}: what zlib's {@code Z_HUFFMAN_ONLY} strategy writes, at a third of its cost): in an
 * enhanced photograph the filtered high bytes are small numbers that Huffman codes compress, and the low bytes are
 * sensor noise that no string search finds repeats in, so the search of ImageIO's writer (and its per-row choice
 * among five filters) cost most of the encoding time for a bigger file ({@code bench stages}' frame: ImageIO
 * 69.3 MB; Paeth with zlib level 1, 56.8 MB; Paeth with zlib Huffman-only, 54.7 MB).
 */
final class PngWriter {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int IDAT_CHUNK = 1 << 18;
    /** Filtered bytes per deflate block: each block has a Huffman code of its own. */
    private static final int BLOCK_BYTES = 1 << 20;

    private PngWriter() {
    }

    static byte[] write(Rgb16Image image, Map<String, String> text) {
        int w = image.width();
        int h = image.height();
        int rowBytes = 6 * w;
        // sized for what a photograph becomes (~80 % of the raw rows), so the buffer rarely grows
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, (int) Math.min(Integer.MAX_VALUE - 8,
                (long) (rowBytes + 1) * h * 7 / 8)));
        out.writeBytes(SIGNATURE);
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, w);
        putInt(ihdr, 4, h);
        ihdr[8] = 16; // bit depth
        ihdr[9] = 2;  // truecolour
        chunk(out, "IHDR", ihdr, ihdr.length);
        for (Map.Entry<String, String> e : text.entrySet()) {
            byte[] key = e.getKey().getBytes(StandardCharsets.ISO_8859_1);
            byte[] value = e.getValue().getBytes(StandardCharsets.ISO_8859_1);
            byte[] data = new byte[key.length + 1 + value.length];
            System.arraycopy(key, 0, data, 0, key.length);
            System.arraycopy(value, 0, data, key.length + 1, value.length);
            chunk(out, "tEXt", data, data.length);
        }
        LiteralDeflater deflater = new LiteralDeflater();
        short[] src = image.data();
        int rowsPerBlock = Math.max(1, BLOCK_BYTES / (rowBytes + 1));
        byte[] block = new byte[Math.min(h, rowsPerBlock) * (rowBytes + 1)];
        LiteralDeflater.Sink idat = (bytes, length) -> {
            for (int at = 0; at < length; at += IDAT_CHUNK) {
                chunk(out, "IDAT", bytes, at, Math.min(IDAT_CHUNK, length - at));
            }
        };
        int fill = 0;
        for (int y = 0; y < h; y++) {
            // filter Up: each byte less the byte above it (big-endian samples), the first row as it is
            int s = y * 3 * w;
            int above = s - 3 * w;
            block[fill++] = 2;
            if (y == 0) {
                for (int i = 0; i < 3 * w; i++, fill += 2) {
                    int v = src[s + i];
                    block[fill] = (byte) (v >>> 8);
                    block[fill + 1] = (byte) v;
                }
            } else {
                for (int i = 0; i < 3 * w; i++, fill += 2) {
                    int v = src[s + i];
                    int u = src[above + i];
                    block[fill] = (byte) ((v >>> 8) - (u >>> 8));
                    block[fill + 1] = (byte) (v - u);
                }
            }
            if (fill == block.length || y == h - 1) {
                deflater.block(block, fill, y == h - 1);
                deflater.drain(idat);
                fill = 0;
            }
        }
        chunk(out, "IEND", new byte[0], 0);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) {
        chunk(out, type, data, 0, length);
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int offset, int length) {
        byte[] header = new byte[8];
        putInt(header, 0, length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, header, 4, 4);
        out.write(header, 0, 8);
        out.write(data, offset, length);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data, offset, length);
        byte[] tail = new byte[4];
        putInt(tail, 0, (int) crc.getValue());
        out.write(tail, 0, 4);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
