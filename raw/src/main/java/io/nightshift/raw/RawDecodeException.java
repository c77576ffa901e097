package io.nightshift.raw;

import java.util.OptionalInt;

/**
 * The bytes are not a RAW file LibRaw can decode: empty, truncated, corrupt or of an unknown format.
 * Keeps LibRaw's native error code (one of {@code LibRaw_errors}) when the error came from LibRaw.
 */
public class RawDecodeException extends RawException {

    private final Integer nativeCode;

    public RawDecodeException(String message) {
        super(message);
        this.nativeCode = null;
    }

    public RawDecodeException(String message, int nativeCode) {
        super(message + " (LibRaw error " + nativeCode + ")");
        this.nativeCode = nativeCode;
    }

    /** LibRaw's error code, when LibRaw reported the failure. */
    public OptionalInt nativeCode() {
        return nativeCode == null ? OptionalInt.empty() : OptionalInt.of(nativeCode);
    }
}
