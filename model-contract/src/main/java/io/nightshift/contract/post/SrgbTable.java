package io.nightshift.contract.post;

/**
 * The {@link SrgbCurve} as tables, for post-processing at memory speed: linear [0, 1] in
 * {@value #SEGMENTS} equal segments, interpolated linearly ({@link #encode}: within 2e-6 of the exact
 * curve, a 30th of a 16-bit level), and straight to 8 bits by the nearest of 65,536 steps ({@link #encode8}:
 * the exact curve's rounding except where that lies within 0.03 of a level's midpoint).
 */
final class SrgbTable {

    static final int SEGMENTS = 16384;
    private static final int STEPS8 = 65535;
    private static final float[] CURVE = new float[SEGMENTS + 2];
    private static final byte[] CURVE8 = new byte[STEPS8 + 1];

    static {
        for (int i = 0; i <= SEGMENTS; i++) {
            CURVE[i] = (float) SrgbCurve.encode(i / (double) SEGMENTS);
        }
        CURVE[SEGMENTS + 1] = CURVE[SEGMENTS]; // v = 1 reads one past its segment with weight 0
        for (int i = 0; i <= STEPS8; i++) {
            CURVE8[i] = (byte) Math.round(SrgbCurve.encode(i / (double) STEPS8) * 255);
        }
    }

    private SrgbTable() {
    }

    /** The curve of {@code v}, clipped to [0, 1] first (NaN → 0). */
    static float encode(float v) {
        float c = v > 0f ? (v < 1f ? v : 1f) : 0f;
        float x = c * SEGMENTS;
        int i = (int) x;
        float a = CURVE[i];
        return a + (x - i) * (CURVE[i + 1] - a);
    }

    /** The 8-bit value of the curve of {@code v}, clipped to [0, 1] first (NaN → 0), as 0–255. */
    static int encode8(float v) {
        float c = v > 0f ? (v < 1f ? v : 1f) : 0f;
        return CURVE8[(int) (c * STEPS8 + 0.5f)] & 0xFF;
    }
}
