package io.nightshift.inference.output;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The EXIF payload of a JPEG APP1 segment ({@code "Exif\0\0"} + a big-endian TIFF structure): IFD0 with
 * Make, Model, ImageDescription (the enhancement), Software, DateTime and Orientation 1 (pixels are
 * already turned), and an EXIF IFD with ExposureTime, ISOSpeedRatings and DateTimeOriginal.
 */
final class ExifBlock {

    static final DateTimeFormatter EXIF_TIME = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss").withZone(ZoneOffset.UTC);
    static final String SOFTWARE = "Nightshift";

    private static final int ASCII = 2;
    private static final int SHORT = 3;
    private static final int LONG = 4;
    private static final int RATIONAL = 5;

    private ExifBlock() {
    }

    private record Entry(int tag, int type, int count, byte[] value) {
    }

    static byte[] app1Payload(OutputMetadata m) {
        List<Entry> ifd0 = new ArrayList<>();
        ascii(ifd0, 270, m.description());
        ascii(ifd0, 271, m.make());
        ascii(ifd0, 272, m.model());
        ifd0.add(new Entry(274, SHORT, 1, shortValue(1)));
        ascii(ifd0, 305, SOFTWARE);
        m.captureTime().ifPresent(t -> ascii(ifd0, 306, EXIF_TIME.format(t)));
        List<Entry> exif = new ArrayList<>();
        if (m.exposureSeconds() > 0) {
            exif.add(new Entry(33434, RATIONAL, 1, rational(Math.round(m.exposureSeconds() * 1_000_000), 1_000_000)));
        }
        if (m.iso() > 0) {
            exif.add(new Entry(34855, SHORT, 1, shortValue(Math.min(65535, m.iso()))));
        }
        m.captureTime().ifPresent(t -> ascii(exif, 36867, EXIF_TIME.format(t)));
        ifd0.add(new Entry(34665, LONG, 1, new byte[4])); // patched below

        int ifd0Offset = 8;
        int ifd0Size = size(ifd0);
        int exifOffset = ifd0Offset + ifd0Size;
        Entry pointer = new Entry(34665, LONG, 1, ByteBuffer.allocate(4).putInt(exifOffset).array());
        ifd0.set(ifd0.size() - 1, pointer);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8});
        out.writeBytes(serialize(ifd0, ifd0Offset));
        out.writeBytes(serialize(exif, exifOffset));
        return out.toByteArray();
    }

    private static void ascii(List<Entry> entries, int tag, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        byte[] text = (value + "\0").getBytes(StandardCharsets.US_ASCII);
        entries.add(new Entry(tag, ASCII, text.length, text));
    }

    private static byte[] shortValue(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    private static byte[] rational(long numerator, long denominator) {
        return ByteBuffer.allocate(8).putInt((int) numerator).putInt((int) denominator).array();
    }

    /** Bytes of the directory with its out-of-line values: 2 + 12 n + 4 + values (each even-padded). */
    private static int size(List<Entry> entries) {
        int size = 2 + 12 * entries.size() + 4;
        for (Entry e : entries) {
            if (e.value.length > 4) {
                size += e.value.length + (e.value.length & 1);
            }
        }
        return size;
    }

    private static byte[] serialize(List<Entry> entries, int offset) {
        entries.sort(Comparator.comparingInt(Entry::tag));
        ByteBuffer b = ByteBuffer.allocate(size(entries)).order(ByteOrder.BIG_ENDIAN);
        int data = offset + 2 + 12 * entries.size() + 4;
        ByteArrayOutputStream values = new ByteArrayOutputStream();
        b.putShort((short) entries.size());
        for (Entry e : entries) {
            b.putShort((short) e.tag).putShort((short) e.type).putInt(e.count);
            if (e.value.length <= 4) {
                byte[] inline = new byte[4];
                System.arraycopy(e.value, 0, inline, 0, e.value.length);
                b.put(inline);
            } else {
                b.putInt(data + values.size());
                values.writeBytes(e.value);
                if ((e.value.length & 1) != 0) {
                    values.write(0);
                }
            }
        }
        b.putInt(0);
        b.put(values.toByteArray());
        return b.array();
    }
}
