package io.nightshift.raw.dng;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * One little-endian TIFF image file directory: entries sorted by tag, values of more than four bytes
 * stored right after the directory. {@link #size()} does not depend on the values of inline LONG
 * entries, so offsets can be filled in after the layout is known.
 */
final class TiffDirectory {

    static final short BYTE = 1;
    static final short ASCII = 2;
    static final short SHORT = 3;
    static final short LONG = 4;
    static final short RATIONAL = 5;
    static final short SRATIONAL = 10;

    private record Entry(short type, int count, byte[] value) {
    }

    private final TreeMap<Integer, Entry> entries = new TreeMap<>();

    TiffDirectory bytes(int tag, int... values) {
        byte[] v = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            v[i] = (byte) values[i];
        }
        return put(tag, BYTE, values.length, v);
    }

    TiffDirectory ascii(int tag, String text) {
        byte[] chars = text.getBytes(StandardCharsets.US_ASCII);
        byte[] v = new byte[chars.length + 1];
        System.arraycopy(chars, 0, v, 0, chars.length);
        return put(tag, ASCII, v.length, v);
    }

    TiffDirectory shorts(int tag, int... values) {
        ByteBuffer b = buffer(values.length * 2);
        for (int value : values) {
            b.putShort((short) value);
        }
        return put(tag, SHORT, values.length, b.array());
    }

    TiffDirectory longs(int tag, long... values) {
        ByteBuffer b = buffer(values.length * 4);
        for (long value : values) {
            b.putInt((int) value);
        }
        return put(tag, LONG, values.length, b.array());
    }

    /** Unsigned rationals, each given as numerator, denominator. */
    TiffDirectory rationals(int tag, long... numeratorsAndDenominators) {
        return fractions(tag, RATIONAL, numeratorsAndDenominators);
    }

    /** Signed rationals, each given as numerator, denominator. */
    TiffDirectory signedRationals(int tag, long... numeratorsAndDenominators) {
        return fractions(tag, SRATIONAL, numeratorsAndDenominators);
    }

    private TiffDirectory fractions(int tag, short type, long... parts) {
        ByteBuffer b = buffer(parts.length * 4);
        for (long part : parts) {
            b.putInt((int) part);
        }
        return put(tag, type, parts.length / 2, b.array());
    }

    private TiffDirectory put(int tag, short type, int count, byte[] value) {
        entries.put(tag, new Entry(type, count, value));
        return this;
    }

    /** Bytes taken by the directory and its out-of-line values. */
    int size() {
        int size = 2 + entries.size() * 12 + 4;
        for (Entry e : entries.values()) {
            if (e.value.length > 4) {
                size += (e.value.length + 1) & ~1;
            }
        }
        return size;
    }

    /** The directory as it lies at file offset {@code offset}, with no next directory. */
    byte[] serialize(int offset) {
        ByteBuffer head = buffer(2 + entries.size() * 12 + 4);
        ByteArrayOutputStream extra = new ByteArrayOutputStream();
        int extraOffset = offset + head.capacity();
        head.putShort((short) entries.size());
        for (var tagged : entries.entrySet()) {
            Entry e = tagged.getValue();
            head.putShort(tagged.getKey().shortValue()).putShort(e.type).putInt(e.count);
            if (e.value.length <= 4) {
                byte[] inline = new byte[4];
                System.arraycopy(e.value, 0, inline, 0, e.value.length);
                head.put(inline);
            } else {
                head.putInt(extraOffset + extra.size());
                extra.writeBytes(e.value);
                if ((e.value.length & 1) != 0) {
                    extra.write(0);
                }
            }
        }
        head.putInt(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size());
        out.writeBytes(head.array());
        out.writeBytes(extra.toByteArray());
        return out.toByteArray();
    }

    private static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
