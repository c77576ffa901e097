package io.nightshift.contract.image;

/**
 * As-shot white-balance multipliers for R, G and B (LibRaw's {@code cam_mul[0..2]}; the second
 * green uses the G multiplier). Construct with the camera's raw values; {@link #normalised()} scales
 * them as LibRaw does, so that the smallest is 1.
 */
public record WhiteBalance(float red, float green, float blue) {

    /** No white balance: all gains 1. */
    public static final WhiteBalance NEUTRAL = new WhiteBalance(1f, 1f, 1f);

    public WhiteBalance {
        checkGain("red", red);
        checkGain("green", green);
        checkGain("blue", blue);
    }

    /**
     * From LibRaw's {@code color.cam_mul} (R, G, B, G2): uses the first three; G2 is ignored because
     * contract v1 applies the G gain to both greens.
     */
    public static WhiteBalance fromCamMul(float[] camMul) {
        if (camMul == null || camMul.length < 3) {
            throw new IllegalArgumentException("cam_mul needs at least R, G, B values");
        }
        return new WhiteBalance(camMul[0], camMul[1], camMul[2]);
    }

    /** The gains divided by the smallest of them, so the smallest gain is exactly 1. */
    public WhiteBalance normalised() {
        float min = Math.min(red, Math.min(green, blue));
        return new WhiteBalance(red / min, green / min, blue / min);
    }

    /**
     * The gain of each packed channel R, G1, B, G2 (after {@link #normalised()} if that is wanted).
     */
    public float[] packedGains() {
        return new float[] {red, green, blue, green};
    }

    private static void checkGain(String name, float gain) {
        if (!(gain > 0f) || Float.isInfinite(gain)) {
            throw new IllegalArgumentException("white-balance " + name + " gain must be positive and finite, got " + gain);
        }
    }
}
