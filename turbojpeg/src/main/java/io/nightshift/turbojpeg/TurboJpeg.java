package io.nightshift.turbojpeg;

import org.bytedeco.javacpp.BytePointer;

/**
 * Baseline JPEG compression with the system libjpeg-turbo (SIMD), the way the JDK's ImageIO writer compresses
 * at the same quality (the same scaled IJG quantisation tables, the accurate integer DCT, standard Huffman
 * tables), several times faster. Thread-safe: every call has its own compressor. The pixels are copied once into
 * native memory, which is freed before the call returns, like the output buffer.
 */
public final class TurboJpeg {

    /** Chroma subsampling. */
    public enum Subsampling {
        /** No subsampling. */
        S444(TurboJpegApi.TJSAMP_444),
        /** Chroma halved horizontally. */
        S422(TurboJpegApi.TJSAMP_422),
        /** Chroma halved both ways: the JDK writer's default for colour JPEGs. */
        S420(TurboJpegApi.TJSAMP_420);

        final int code;

        Subsampling(int code) {
            this.code = code;
        }
    }

    private static final int ERROR_CAPACITY = 256;

    private TurboJpeg() {
    }

    /**
     * A JFIF JPEG of {@code rgb}: packed 8-bit RGB, {@code 3 × width} bytes a row, top row first, starting at
     * {@code offset}.
     *
     * @param quality 1–100, the IJG scale (ImageIO's compression quality × 100)
     */
    public static byte[] compress(byte[] rgb, int offset, int width, int height, int quality, Subsampling subsampling) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a JPEG needs a positive size, got " + width + "×" + height);
        }
        if (width > 65_500 || height > 65_500) {
            throw new IllegalArgumentException("a JPEG is at most 65,500 pixels a side, got " + width + "×" + height);
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality is 1 to 100, got " + quality);
        }
        long bytes = 3L * width * height;
        if (offset < 0 || offset + bytes > rgb.length) {
            throw new IllegalArgumentException(width + "×" + height + " RGB needs " + bytes + " bytes from offset "
                    + offset + ", the array has " + rgb.length);
        }
        long bound = TurboJpegApi.nightshift_jpeg_bound(width, height, subsampling.code);
        if (bound <= 0 || bound > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(width + "×" + height + " is too large for one JPEG array");
        }
        try (BytePointer in = new BytePointer(bytes);
             BytePointer out = new BytePointer(bound);
             BytePointer error = new BytePointer(ERROR_CAPACITY)) {
            in.put(rgb, offset, (int) bytes);
            long size = TurboJpegApi.nightshift_jpeg_compress(in, width, height, quality, subsampling.code, out, bound,
                    error, ERROR_CAPACITY);
            if (size < 0) {
                throw new IllegalStateException("libjpeg-turbo could not compress " + width + "×" + height + ": "
                        + error.getString());
            }
            byte[] jpeg = new byte[(int) size];
            out.get(jpeg);
            return jpeg;
        }
    }
}
