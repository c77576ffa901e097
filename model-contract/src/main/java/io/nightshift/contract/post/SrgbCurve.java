package io.nightshift.contract.post;

/**
 * The sRGB transfer curve of IEC 61966-2-1, exact piecewise formula: {@code 12.92·v} up to
 * {@code 0.0031308}, {@code 1.055·v^(1/2.4) − 0.055} above; and its inverse.
 */
public final class SrgbCurve {

    /** Linear value at which the curve switches from the line to the power law. */
    public static final double LINEAR_LIMIT = 0.0031308;
    /** Encoded value at which the inverse switches (12.92 × {@link #LINEAR_LIMIT}, rounded as the standard does). */
    public static final double ENCODED_LIMIT = 0.04045;

    private static final double INVERSE_GAMMA = 1.0 / 2.4;

    private SrgbCurve() {
    }

    /** Linear light in [0, 1] to the sRGB-encoded value in [0, 1]; values outside are clamped first. */
    public static double encode(double linear) {
        if (!(linear > 0)) {
            return 0;
        }
        if (linear >= 1) {
            return 1;
        }
        return linear <= LINEAR_LIMIT ? 12.92 * linear : 1.055 * Math.pow(linear, INVERSE_GAMMA) - 0.055;
    }

    /** The sRGB-encoded value in [0, 1] back to linear light; values outside are clamped first. */
    public static double decode(double encoded) {
        if (!(encoded > 0)) {
            return 0;
        }
        if (encoded >= 1) {
            return 1;
        }
        return encoded <= ENCODED_LIMIT ? encoded / 12.92 : Math.pow((encoded + 0.055) / 1.055, 2.4);
    }
}
