package io.nightshift.raw;

/**
 * The file declares more pixels than the configured limit; raised from the header, before any
 * large allocation.
 */
public class RawTooLargeException extends RawException {

    private final long declaredPixels;
    private final long maxPixels;

    public RawTooLargeException(long declaredPixels, long maxPixels) {
        super("RAW declares " + declaredPixels + " pixels, over the limit of " + maxPixels);
        this.declaredPixels = declaredPixels;
        this.maxPixels = maxPixels;
    }

    public RawTooLargeException(String message, long declaredPixels, long maxPixels) {
        super(message);
        this.declaredPixels = declaredPixels;
        this.maxPixels = maxPixels;
    }

    public long declaredPixels() {
        return declaredPixels;
    }

    public long maxPixels() {
        return maxPixels;
    }
}
