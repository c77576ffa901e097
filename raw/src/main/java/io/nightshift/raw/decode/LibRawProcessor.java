package io.nightshift.raw.decode;

import io.nightshift.libraw.LibRaw;
import io.nightshift.libraw.data_callback;
import io.nightshift.libraw.libraw_data_t;
import io.nightshift.raw.RawDecodeException;
import io.nightshift.raw.RawTooLargeException;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * One native LibRaw processor and the native copy of its input. Confined to one thread at a time
 * and reused from file to file; {@link #close()} frees both, once, and is safe to call again.
 */
public final class LibRawProcessor implements AutoCloseable {

    private static final int LIBRAW_TOO_BIG = -100012;
    private static final int LIBRAW_IO_ERROR = -100009;

    private final LibRaw libRaw;
    private final DataErrorFlag dataError = new DataErrorFlag();
    private BytePointer input;
    private long inputCapacity;
    /** Keeps a caller's direct buffer reachable while LibRaw reads from it. */
    private ByteBuffer borrowed;
    private boolean closed;

    public LibRawProcessor() {
        libRaw = new LibRaw(0);
        libRaw.set_dataerror_handler(dataError, null);
    }

    /** Parses the header of a file held in {@code bytes[offset, offset + length)}, copied to native memory. */
    public libraw_data_t open(byte[] bytes, int offset, int length) {
        ensureOpen();
        ensureInputCapacity(length);
        input.position(0).put(bytes, offset, length).position(0);
        return openNative(input, length);
    }

    /** Parses the header of a file held in a direct buffer, read in place (no copy) until {@link #recycle()}. */
    public libraw_data_t open(ByteBuffer direct) {
        ensureOpen();
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("needs a direct buffer; use open(byte[], int, int) for heap data");
        }
        borrowed = direct;
        BytePointer view = new BytePointer(direct.slice());
        return openNative(view, direct.remaining());
    }

    private libraw_data_t openNative(Pointer data, long length) {
        dataError.reset();
        int code = libRaw.open_buffer(data, length);
        if (code == LIBRAW_TOO_BIG) {
            throw new RawTooLargeException("LibRaw refuses the declared image size: " + message(code), -1, -1);
        }
        if (code != 0) {
            throw new RawDecodeException("cannot read the RAW header: " + message(code), code);
        }
        return libRaw.imgdata();
    }

    /** Caps LibRaw's own allocations for the raw data. */
    public void limitRawMemory(long megabytes) {
        ensureOpen();
        libRaw.imgdata().params().max_raw_memory_mb((int) Math.min(Integer.MAX_VALUE, Math.max(1, megabytes)));
    }

    /** Decodes the sensor data of the opened file; truncated or corrupt data is an error, not a grey frame. */
    public void unpack() {
        ensureOpen();
        int code = libRaw.unpack();
        if (code == LIBRAW_TOO_BIG) {
            throw new RawTooLargeException("LibRaw refuses to allocate the raw data: " + message(code), -1, -1);
        }
        if (code != 0) {
            throw new RawDecodeException("cannot decode the RAW data: " + message(code), code);
        }
        if (dataError.raised()) {
            throw new RawDecodeException("the RAW data is truncated or corrupt (LibRaw data error at offset "
                    + dataError.offset() + ")", LIBRAW_IO_ERROR);
        }
    }

    /** The native processor, for the steps this class does not wrap; valid until {@link #recycle()}. */
    public LibRaw libRaw() {
        ensureOpen();
        return libRaw;
    }

    /** Frees the per-file native memory; the processor is ready for the next file. */
    public void recycle() {
        if (!closed) {
            libRaw.recycle();
        }
        borrowed = null;
    }

    private void ensureInputCapacity(long length) {
        if (input != null && inputCapacity >= length) {
            return;
        }
        if (input != null) {
            input.close();
        }
        long capacity = Math.max(length, inputCapacity + inputCapacity / 2);
        input = new BytePointer(capacity);
        inputCapacity = capacity;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("LibRaw processor is closed");
        }
    }

    private static String message(int code) {
        BytePointer text = LibRaw.strerror(code);
        return text == null || text.isNull() ? "error " + code : text.getString();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        libRaw.recycle();
        libRaw.close();
        dataError.close();
        if (input != null) {
            input.close();
            input = null;
        }
        borrowed = null;
    }

    /** LibRaw's data-error callback: records that the data stream ended early or was corrupt. */
    private static final class DataErrorFlag extends data_callback {
        private boolean raised;
        private int offset;

        DataErrorFlag() {
            super();
        }

        @Override
        public void call(Pointer data, BytePointer file, int offset) {
            raised = true;
            this.offset = offset;
        }

        void reset() {
            raised = false;
            offset = 0;
        }

        boolean raised() {
            return raised;
        }

        int offset() {
            return offset;
        }
    }
}
