package io.nightshift.trainer.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The files inside a compiled Qt resource file ({@code .rcc}, as {@code rcc -binary} writes it): header
 * {@code qres}, format version, then the offsets of the tree, the data and the names. Each tree node is a name
 * offset, flags and either a directory's child count and first child or a file's data offset; a name is a length,
 * a hash and UTF-16BE characters; a file's data is a length and its bytes, for a zlib-compressed file (flag 1) the
 * uncompressed length and a zlib stream. gcompris's pictures are stored uncompressed (they are WebP already); its
 * QML is compressed. A zstd-compressed entry (flag 4) is an error.
 */
public final class RccArchive {

    /** One file of the archive: its resource path ({@code gcompris/src/…/x.webp}) and bytes. */
    public record Entry(String path, byte[] bytes) {
    }

    private static final int COMPRESSED = 0x01;
    private static final int DIRECTORY = 0x02;
    private static final int COMPRESSED_ZSTD = 0x04;

    private RccArchive() {
    }

    /** Every file in {@code rcc}, in tree order. */
    public static List<Entry> read(Path rcc) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(rcc));
        if (b.remaining() < 20 || b.get(0) != 'q' || b.get(1) != 'r' || b.get(2) != 'e' || b.get(3) != 's') {
            throw new IOException(rcc + " is not a Qt resource file (no qres header)");
        }
        int version = b.getInt(4);
        if (version < 1 || version > 3) {
            throw new IOException(rcc + ": rcc format version " + version + " is not read here");
        }
        int tree = b.getInt(8);
        int data = b.getInt(12);
        int names = b.getInt(16);
        int nodeSize = version >= 2 ? 22 : 14;
        List<Entry> out = new ArrayList<>();
        walk(b, rcc, tree, data, names, nodeSize, 0, "", out);
        return out;
    }

    private static void walk(ByteBuffer b, Path rcc, int tree, int data, int names, int nodeSize, int node, String parent,
            List<Entry> out) throws IOException {
        int at = tree + node * nodeSize;
        String name = node == 0 ? "" : name(b, names + b.getInt(at));
        int flags = b.getShort(at + 4) & 0xFFFF;
        String path = parent.isEmpty() ? name : parent + "/" + name;
        if ((flags & DIRECTORY) != 0) {
            int children = b.getInt(at + 6);
            int first = b.getInt(at + 10);
            for (int i = 0; i < children; i++) {
                walk(b, rcc, tree, data, names, nodeSize, first + i, path, out);
            }
            return;
        }
        if ((flags & COMPRESSED_ZSTD) != 0) {
            throw new IOException(rcc + ": " + path + " is zstd-compressed, not read here");
        }
        int offset = data + b.getInt(at + 10);
        int length = b.getInt(offset);
        byte[] bytes = new byte[length];
        b.get(offset + 4, bytes);
        out.add(new Entry(path, (flags & COMPRESSED) != 0 ? inflate(rcc, path, bytes) : bytes));
    }

    /** A compressed entry: uncompressed length (4 bytes, big-endian), then a zlib stream. */
    private static byte[] inflate(Path rcc, String path, byte[] stored) throws IOException {
        int length = ByteBuffer.wrap(stored).getInt();
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored, 4, stored.length - 4);
            byte[] out = new byte[length];
            int n = 0;
            while (n < length && !inflater.finished()) {
                int got = inflater.inflate(out, n, length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != length) {
                throw new IOException(rcc + ": " + path + " inflates to " + n + " bytes, not " + length);
            }
            return out;
        } catch (DataFormatException e) {
            throw new IOException(rcc + ": " + path + " is not a zlib stream: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static String name(ByteBuffer b, int at) {
        int chars = b.getShort(at) & 0xFFFF;
        byte[] utf16 = new byte[2 * chars];
        b.get(at + 6, utf16);
        return new String(utf16, StandardCharsets.UTF_16BE);
    }
}
