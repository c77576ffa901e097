package io.nightshift.raw.decode;

/**
 * Limits applied to every decode, from the header, before any large allocation.
 *
 * @param maxPixels most raw pixels (raw width × raw height) a file may declare
 * @param basis     where that limit comes from, for the refusal's message (e.g. a worker's memory budget); null when
 *                  it is just the configured number
 */
public record DecodeLimits(long maxPixels, String basis) {

    /** 200 MP: above every Bayer camera sold today (150 MP medium format), far below a hostile header. */
    public static final long DEFAULT_MAX_PIXELS = 200_000_000L;

    public DecodeLimits {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
        }
    }

    public DecodeLimits(long maxPixels) {
        this(maxPixels, null);
    }

    public static DecodeLimits defaults() {
        return new DecodeLimits(DEFAULT_MAX_PIXELS);
    }

    /** LibRaw's own cap on its raw buffers, in MB: room for four 16-bit samples per pixel. */
    long rawMemoryMegabytes() {
        return maxPixels * 8 / (1 << 20) + 64;
    }
}
