package io.nightshift.raw.decode;

import io.nightshift.libraw.libraw_colordata_t;
import io.nightshift.libraw.libraw_data_t;
import io.nightshift.libraw.libraw_image_sizes_t;
import io.nightshift.libraw.libraw_imgother_t;
import io.nightshift.libraw.libraw_iparams_t;
import io.nightshift.raw.BayerPlane;
import io.nightshift.raw.CaptureInfo;
import io.nightshift.raw.ColorMatrix;
import io.nightshift.raw.DecodedRaw;
import io.nightshift.raw.RawDecodeException;
import io.nightshift.raw.RawGeometry;
import io.nightshift.raw.RawMetadata;
import io.nightshift.raw.RawTooLargeException;
import io.nightshift.raw.UnsupportedSensorException;
import io.nightshift.raw.WhiteBalance;
import io.nightshift.raw.pack.PackBuffers;
import io.nightshift.raw.pack.PackedFrame;
import io.nightshift.raw.pack.PackedRaw;
import io.nightshift.raw.pack.SidPacker;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Decodes camera RAW files held in memory into {@link DecodedRaw}. Thread-safe: each thread uses its
 * own reused LibRaw processor. Close the decoder when no thread uses it any more.
 */
public final class RawDecoder implements AutoCloseable {

    private final ProcessorPool processors;
    private final boolean ownsProcessors;
    private final DecodeLimits limits;

    public RawDecoder() {
        this(DecodeLimits.defaults());
    }

    public RawDecoder(DecodeLimits limits) {
        this(new ProcessorPool(), true, limits);
    }

    /** A decoder on a shared pool, which the caller closes. */
    public RawDecoder(ProcessorPool processors, DecodeLimits limits) {
        this(processors, false, limits);
    }

    private RawDecoder(ProcessorPool processors, boolean ownsProcessors, DecodeLimits limits) {
        this.processors = processors;
        this.ownsProcessors = ownsProcessors;
        this.limits = limits;
    }

    public DecodeLimits limits() {
        return limits;
    }

    /** Decodes a whole file's bytes. */
    public DecodedRaw decode(byte[] file) {
        return decode(file, 0, file.length);
    }

    /** Decodes the file held in {@code bytes[offset, offset + length)}. */
    public DecodedRaw decode(byte[] bytes, int offset, int length) {
        requireContent(length);
        return processors.with(p -> {
            libraw_data_t data = open(p, () -> p.open(bytes, offset, length));
            return read(p, data);
        });
    }

    /** Decodes the file held in a buffer's remaining bytes; a direct buffer is read in place. */
    public DecodedRaw decode(ByteBuffer file) {
        requireContent(file.remaining());
        if (!file.isDirect()) {
            byte[] copy = new byte[file.remaining()];
            file.duplicate().get(copy);
            return decode(copy);
        }
        return processors.with(p -> {
            libraw_data_t data = open(p, () -> p.open(file));
            return read(p, data);
        });
    }

    /**
     * Decodes a whole file's bytes and packs it (SID layout, {@link SidPacker}) straight from LibRaw's
     * memory into a fresh array: no intermediate copy of the mosaic.
     */
    public PackedFrame decodePacked(byte[] file) {
        return decodePacked(file, new PackBuffers());
    }

    /**
     * Decodes a whole file's bytes and packs it straight from LibRaw's memory into the caller's reused
     * array (valid until the next packing through {@code buffers}): the fast path of a worker.
     */
    public PackedFrame decodePacked(byte[] file, PackBuffers buffers) {
        return decodePacked(file, 0, file.length, buffers);
    }

    /** As {@link #decodePacked(byte[], PackBuffers)} for the file held in {@code bytes[offset, offset + length)}. */
    public PackedFrame decodePacked(byte[] bytes, int offset, int length, PackBuffers buffers) {
        requireContent(length);
        return processors.with(p -> {
            libraw_data_t data = open(p, () -> p.open(bytes, offset, length));
            return readPacked(p, data, buffers);
        });
    }

    /** As {@link #decodePacked(byte[], PackBuffers)} for a buffer's remaining bytes; a direct buffer is read in place. */
    public PackedFrame decodePacked(ByteBuffer file, PackBuffers buffers) {
        requireContent(file.remaining());
        if (!file.isDirect()) {
            byte[] copy = new byte[file.remaining()];
            file.duplicate().get(copy);
            return decodePacked(copy, buffers);
        }
        return processors.with(p -> {
            libraw_data_t data = open(p, () -> p.open(file));
            return readPacked(p, data, buffers);
        });
    }

    /**
     * Opens a file on {@code processor} and checks it is a Bayer RAW within the limits, without
     * decoding its data: for callers that go on with LibRaw's own processing (the renderer).
     *
     * @return the file's Bayer layout at the visible origin
     */
    public io.nightshift.raw.CfaLayout openChecked(LibRawProcessor processor, byte[] bytes) {
        requireContent(bytes.length);
        libraw_data_t data = open(processor, () -> processor.open(bytes, 0, bytes.length));
        return pattern(processor, data).layout();
    }

    /**
     * The white balance {@link #decode} reports for the file opened on {@code processor} by
     * {@link #openChecked}: as shot, else LibRaw's daylight multipliers (see {@link WhiteBalance#source()}).
     */
    public WhiteBalance whiteBalance(LibRawProcessor processor) {
        libraw_data_t data = processor.libRaw().imgdata();
        return pattern(processor, data).whiteBalance(data.color());
    }

    private libraw_data_t open(LibRawProcessor processor, java.util.function.Supplier<libraw_data_t> opener) {
        processor.limitRawMemory(limits.rawMemoryMegabytes());
        libraw_data_t data = opener.get();
        libraw_image_sizes_t sizes = data.sizes();
        long rawPixels = (long) (sizes.raw_width() & 0xFFFF) * (sizes.raw_height() & 0xFFFF);
        long visiblePixels = (long) (sizes.width() & 0xFFFF) * (sizes.height() & 0xFFFF);
        long declared = Math.max(rawPixels, visiblePixels);
        if (declared > limits.maxPixels()) {
            // from the header alone: LibRaw has allocated nothing for the image yet (that is unpack's work)
            throw limits.basis() == null ? new RawTooLargeException(declared, limits.maxPixels())
                    : new RawTooLargeException("RAW declares " + declared + " pixels, over the limit of "
                    + limits.maxPixels() + " (" + limits.basis() + ")", declared, limits.maxPixels());
        }
        if (visiblePixels == 0) {
            throw new RawDecodeException("RAW header declares an empty image");
        }
        pattern(processor, data);
        return data;
    }

    private static BayerPattern pattern(LibRawProcessor processor, libraw_data_t data) {
        libraw_iparams_t id = data.idata();
        if (processor.libRaw().is_fuji_rotated() != 0) {
            throw new UnsupportedSensorException("Fuji SuperCCD (45-degree rotated) sensor: not a square Bayer grid");
        }
        return BayerPattern.of(id.filters(), id.colors(), id.cdesc().getString(), id.is_foveon() != 0,
                id.dng_version());
    }

    private DecodedRaw read(LibRawProcessor processor, libraw_data_t data) {
        Unpacked unpacked = unpack(processor, data);
        return DecodedRaw.of(unpacked.metadata(), copyVisible(unpacked.mosaic(), unpacked.pitch(),
                unpacked.metadata().geometry()));
    }

    private PackedFrame readPacked(LibRawProcessor processor, libraw_data_t data, PackBuffers buffers) {
        Unpacked unpacked = unpack(processor, data);
        RawMetadata m = unpacked.metadata();
        PackedRaw packed = SidPacker.pack(unpacked.mosaic(), unpacked.pitch(), m.geometry(), m.cfa(),
                m.black().toArray(), m.white(), buffers);
        return new PackedFrame(m, packed);
    }

    /** LibRaw's unpacked mosaic (valid until the processor recycles) and what the file says about it. */
    private record Unpacked(RawMetadata metadata, ShortPointer mosaic, long pitch) {
    }

    private Unpacked unpack(LibRawProcessor processor, libraw_data_t data) {
        BayerPattern pattern = pattern(processor, data);
        processor.unpack();
        libraw_image_sizes_t sizes = data.sizes();
        RawGeometry geometry = new RawGeometry(sizes.raw_width() & 0xFFFF, sizes.raw_height() & 0xFFFF,
                sizes.width() & 0xFFFF, sizes.height() & 0xFFFF, sizes.left_margin() & 0xFFFF,
                sizes.top_margin() & 0xFFFF);
        ShortPointer raw = data.rawdata().raw_image();
        if (raw == null || raw.isNull()) {
            throw new UnsupportedSensorException("LibRaw decoded this file to a colour image, not a Bayer mosaic");
        }
        long pitch = (sizes.raw_pitch() & 0xFFFFFFFFL) / 2;
        if (geometry.leftMargin() + geometry.width() > geometry.rawWidth()
                || geometry.topMargin() + geometry.height() > geometry.rawHeight()
                || pitch < geometry.rawWidth()) {
            throw new RawDecodeException("visible area " + geometry + " lies outside the raw frame");
        }
        raw.capacity(pitch * geometry.rawHeight());
        libraw_colordata_t color = data.color();
        int white = color.maximum();
        var black = pattern.blackLevels(color);
        if (white <= black.max()) {
            throw new RawDecodeException("white level " + white + " is not above the black levels " + black);
        }
        double[] matrix = new double[9];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                matrix[row * 3 + col] = color.rgb_cam(row, col);
            }
        }
        double[] camXyz = new double[9];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                camXyz[row * 3 + col] = color.cam_xyz(row, col);
            }
        }
        ColorMatrix cameraToSrgb = new ColorMatrix(matrix);
        libraw_iparams_t id = data.idata();
        libraw_imgother_t other = data.other();
        long timestamp = other.timestamp();
        CaptureInfo capture = new CaptureInfo(id.make().getString().trim(), id.model().getString().trim(),
                other.iso_speed(), asDecimal(other.shutter()), other.aperture(),
                timestamp > 0 ? Optional.of(Instant.ofEpochSecond(timestamp)) : Optional.empty());
        RawMetadata metadata = new RawMetadata(capture, geometry, pattern.layout(), black, white,
                pattern.whiteBalance(color), cameraToSrgb, XyzToCamera.of(cameraToSrgb, camXyz), sizes.flip());
        return new Unpacked(metadata, raw, pitch);
    }

    /** The float LibRaw holds, as the decimal it prints (1/250 s reads 0.004, not 0.0040000002). */
    private static double asDecimal(float value) {
        return Double.parseDouble(Float.toString(value));
    }

    private static BayerPlane copyVisible(ShortPointer raw, long pitchSamples, RawGeometry g) {
        short[] samples = new short[g.width() * g.height()];
        if (g.leftMargin() == 0 && g.topMargin() == 0 && pitchSamples == g.width()) {
            raw.position(0).get(samples, 0, samples.length);
        } else {
            for (int y = 0; y < g.height(); y++) {
                raw.position((g.topMargin() + y) * pitchSamples + g.leftMargin()).get(samples, y * g.width(), g.width());
            }
        }
        raw.position(0);
        return new BayerPlane(g.width(), g.height(), samples);
    }

    private static void requireContent(int length) {
        if (length <= 0) {
            throw new RawDecodeException("empty input: no bytes to decode");
        }
    }

    @Override
    public void close() {
        if (ownsProcessors) {
            processors.close();
        }
    }
}
