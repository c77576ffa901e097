package io.nightshift.raw;

/**
 * As-shot white-balance multipliers (LibRaw's {@code cam_mul}) in SID channel order, normalised to
 * G1 = 1; LibRaw's daylight multipliers when the file records none.
 */
public record WhiteBalance(float r, float g1, float b, float g2) {

    /** {@code [R, G1, B, G2]}. */
    public float[] toArray() {
        return new float[] {r, g1, b, g2};
    }
}
