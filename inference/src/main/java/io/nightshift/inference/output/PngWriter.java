package io.nightshift.inference.output;

import io.nightshift.contract.post.Rgb16Image;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * 16-bit RGB PNG written directly (no ImageIO): IHDR, {@code tEXt} chunks, the rows filtered and deflated in one
 * pass, IEND. Every row uses the Up filter and the stream is Huffman-coded only (zlib's {@code Z_HUFFMAN_ONLY}: no
 * search for repeated strings): in an enhanced photograph the filtered high bytes are small numbers that Huffman
 * codes compress, and the low bytes are sensor noise that no string search finds repeats in, so the search of
 * ImageIO's writer (and its per-row choice among five filters) cost most of the encoding time for a bigger file
 * ({@code bench stages}' frame: ImageIO 69.3 MB; Paeth with level 1, 56.8 MB; Paeth Huffman-only, 54.7 MB).
 */
final class PngWriter {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int IDAT_CHUNK = 1 << 18;

    private PngWriter() {
    }

    static byte[] write(Rgb16Image image, Map<String, String> text) {
        int w = image.width();
        int h = image.height();
        int rowBytes = 6 * w;
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, (int) Math.min(Integer.MAX_VALUE - 8,
                (long) (rowBytes + 1) * h / 2)));
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
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        deflater.setStrategy(Deflater.HUFFMAN_ONLY);
        try {
            short[] src = image.data();
            byte[] filtered = new byte[rowBytes + 1];
            filtered[0] = 2; // Up
            byte[] idat = new byte[IDAT_CHUNK];
            int fill = 0;
            for (int y = 0; y < h; y++) {
                // filter Up: each byte less the byte above it (big-endian samples), the first row as it is
                int s = y * 3 * w;
                int above = s - 3 * w;
                for (int i = 0; i < 3 * w; i++) {
                    int v = src[s + i];
                    int u = y == 0 ? 0 : src[above + i];
                    filtered[2 * i + 1] = (byte) ((v >>> 8) - (u >>> 8));
                    filtered[2 * i + 2] = (byte) (v - u);
                }
                deflater.setInput(filtered, 0, rowBytes + 1);
                while (!deflater.needsInput()) {
                    fill += deflater.deflate(idat, fill, idat.length - fill);
                    if (fill == idat.length) {
                        chunk(out, "IDAT", idat, fill);
                        fill = 0;
                    }
                }
            }
            deflater.finish();
            while (!deflater.finished()) {
                fill += deflater.deflate(idat, fill, idat.length - fill);
                if (fill == idat.length) {
                    chunk(out, "IDAT", idat, fill);
                    fill = 0;
                }
            }
            if (fill > 0) {
                chunk(out, "IDAT", idat, fill);
            }
        } finally {
            deflater.end();
        }
        chunk(out, "IEND", new byte[0], 0);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) {
        byte[] header = new byte[8];
        putInt(header, 0, length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, header, 4, 4);
        out.write(header, 0, 8);
        out.write(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data, 0, length);
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
