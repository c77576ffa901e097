package io.nightshift.raw.pack;

/**
 * Output arrays for packing, owned by the caller and reused from frame to frame: a worker thread
 * keeps one and packs every frame into it, so a 12 MP frame's 48 MB float array is allocated once,
 * not per file (no garbage, no G1 humongous allocation per frame).
 *
 * <p>A {@link PackedRaw} packed through a {@code PackBuffers} shares its array: it is valid until
 * the next packing through the same {@code PackBuffers}. Not thread-safe: one per thread.
 */
public final class PackBuffers {

    private float[] held;

    /** An array of exactly {@code length} floats, the held one when its length matches; contents undefined. */
    public float[] take(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (held == null || held.length != length) {
            held = null; // let the old array go before allocating the new one
            held = new float[length];
        }
        return held;
    }

    /** Drops the held array. */
    public void release() {
        held = null;
    }
}
