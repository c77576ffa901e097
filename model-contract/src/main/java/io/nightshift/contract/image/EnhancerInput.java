package io.nightshift.contract.image;

import io.nightshift.contract.ContractV1;
import io.nightshift.contract.PlanarImage;

/**
 * Packing-to-input of contract v1: the packed image (R, G1, B, G2, black-subtracted, in [0, 1])
 * multiplied by the as-shot white-balance gains normalised as LibRaw does (smallest gain 1; R gain
 * on R, G gain on both greens, B gain on B) and by the amplification ratio, then clamped to
 * [0, 1] (SID clamps at 0 before packing and at 1 after amplification).
 *
 * <p>The result has the packed image's size; padding to multiples of 16 is the tiler's job.
 */
public final class EnhancerInput {

    private EnhancerInput() {
    }

    /** A new image holding the enhancer input. */
    public static PlanarImage of(PlanarImage packed, WhiteBalance asShot, float ratio) {
        PlanarImage out = PlanarImage.zeros(ContractV1.PACKED_CHANNELS, packed.height(), packed.width());
        into(packed, asShot, ratio, out);
        return out;
    }

    /**
     * Writes the enhancer input into {@code out} (same size as {@code packed}; may be {@code packed}
     * itself, to work in place).
     */
    public static void into(PlanarImage packed, WhiteBalance asShot, float ratio, PlanarImage out) {
        checkPacked(packed);
        if (!(ratio > 0f) || Float.isInfinite(ratio)) {
            throw new IllegalArgumentException("ratio must be positive and finite, got " + ratio);
        }
        if (out.channels() != packed.channels() || out.height() != packed.height() || out.width() != packed.width()) {
            throw new IllegalArgumentException("output image must be " + packed.channels() + "×"
                    + packed.height() + "×" + packed.width());
        }
        float[] gains = asShot.normalised().packedGains();
        int plane = packed.planeSize();
        float[] src = packed.data();
        float[] dst = out.data();
        for (int c = 0; c < ContractV1.PACKED_CHANNELS; c++) {
            float scale = gains[c] * ratio;
            int base = c * plane;
            for (int i = base, end = base + plane; i < end; i++) {
                dst[i] = clamp01(src[i] * scale);
            }
        }
    }

    /**
     * Contract v2's input: {@code input} (the 4 channels {@link #of} gives) followed by the two constant
     * {@link NoisePlanes}; a new image.
     */
    public static PlanarImage withPlanes(PlanarImage input, NoisePlanes planes) {
        checkPacked(input);
        float[] values = planes.values();
        int plane = input.planeSize();
        PlanarImage out = PlanarImage.zeros(ContractV1.PACKED_CHANNELS + values.length, input.height(), input.width());
        System.arraycopy(input.data(), 0, out.data(), 0, ContractV1.PACKED_CHANNELS * plane);
        for (int k = 0; k < values.length; k++) {
            java.util.Arrays.fill(out.data(), (ContractV1.PACKED_CHANNELS + k) * plane,
                    (ContractV1.PACKED_CHANNELS + k + 1) * plane, values[k]);
        }
        return out;
    }

    static void checkPacked(PlanarImage packed) {
        if (packed.channels() != ContractV1.PACKED_CHANNELS) {
            throw new IllegalArgumentException("a packed image has " + ContractV1.PACKED_CHANNELS
                    + " channels (R, G1, B, G2), got " + packed.channels());
        }
    }

    static float clamp01(float v) {
        // NaN becomes 0: a broken pixel must not poison the network's receptive field
        return v > 0f ? (v < 1f ? v : 1f) : 0f;
    }
}
