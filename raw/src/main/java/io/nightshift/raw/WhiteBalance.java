package io.nightshift.raw;

/**
 * White-balance multipliers in SID channel order, normalised to G1 = 1, and where they come from.
 *
 * @param source {@link Source#AS_SHOT} for the camera's as-shot multipliers (LibRaw's {@code cam_mul},
 *     a DNG's AsShotNeutral), {@link Source#DAYLIGHT} for LibRaw's daylight multipliers
 *     ({@code pre_mul}) when the file records none, {@link Source#UNITY} when neither is known
 */
public record WhiteBalance(float r, float g1, float b, float g2, Source source) {

    /** Where the multipliers come from. */
    public enum Source {
        /** Recorded by the camera for this shot. */
        AS_SHOT,
        /** LibRaw's daylight (D65) multipliers for the camera model, as dcraw falls back to. */
        DAYLIGHT,
        /** Nothing known: all ones. */
        UNITY
    }

    public WhiteBalance {
        if (source == null) {
            throw new IllegalArgumentException("white-balance source is required");
        }
    }

    /** Multipliers given by the caller, taken as as-shot. */
    public WhiteBalance(float r, float g1, float b, float g2) {
        this(r, g1, b, g2, Source.AS_SHOT);
    }

    /** {@code [R, G1, B, G2]}. */
    public float[] toArray() {
        return new float[] {r, g1, b, g2};
    }
}
