package io.nightshift.contract.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nightshift.contract.PlanarImage;
import org.junit.jupiter.api.Test;

class EnhancerInputTest {

    /** Planes R, G1, B, G2 of a 1×2 packed image. */
    private static PlanarImage packed() {
        return new PlanarImage(new float[] {
            0.1f, 0.2f, // R
            0.1f, 0.4f, // G1
            0.05f, 0.3f, // B
            0.2f, -0.1f, // G2
        }, 4, 1, 2);
    }

    @Test
    void multipliesByNormalisedWhiteBalanceAndRatioAndClips() {
        // gains (4, 2, 3) normalise to (2, 1, 1.5); × ratio 3 → R × 6, greens × 3, B × 4.5
        PlanarImage input = EnhancerInput.of(packed(), new WhiteBalance(4f, 2f, 3f), 3f);

        assertArrayEquals(new float[] {
            0.6f, 1f, // 0.1·6, 0.2·6 = 1.2 clipped
            0.3f, 1f, // 0.1·3, 0.4·3 = 1.2 clipped
            0.225f, 1f, // 0.05·4.5, 0.3·4.5 = 1.35 clipped
            0.6f, 0f, // 0.2·3, −0.3 clipped at 0
        }, input.data(), 1e-6f);
        assertEquals(2, input.width());
        assertEquals(1, input.height());
    }

    @Test
    void theSmallestGainBecomesOneWhicheverChannelItIs() {
        assertEquals(new WhiteBalance(2f, 1f, 1.5f), new WhiteBalance(4f, 2f, 3f).normalised());
        assertEquals(new WhiteBalance(1f, 2f, 4f), new WhiteBalance(0.5f, 1f, 2f).normalised());
        assertEquals(new WhiteBalance(2f, 4f, 1f), new WhiteBalance(0.5f, 1f, 0.25f).normalised());
        assertArrayEquals(new float[] {2f, 4f, 1f, 4f}, new WhiteBalance(2f, 4f, 1f).packedGains());
        // LibRaw's cam_mul: R, G, B, G2 (G2 ignored; the G gain goes to both greens)
        assertEquals(new WhiteBalance(2.1f, 1f, 1.6f), WhiteBalance.fromCamMul(new float[] {2.1f, 1f, 1.6f, 0f}));

        PlanarImage input = EnhancerInput.of(packed(), new WhiteBalance(0.5f, 1f, 0.25f), 1f);
        assertArrayEquals(new float[] {0.2f, 0.4f, 0.4f, 1f, 0.05f, 0.3f, 0.8f, 0f}, input.data(), 1e-6f);
    }

    @Test
    void worksInPlace() {
        PlanarImage image = packed();
        EnhancerInput.into(image, WhiteBalance.NEUTRAL, 2f, image);
        assertArrayEquals(new float[] {0.2f, 0.4f, 0.2f, 0.8f, 0.1f, 0.6f, 0.4f, 0f}, image.data(), 1e-6f);
    }

    @Test
    void refusesBadArguments() {
        assertEquals("ratio must be positive and finite, got 0.0", assertThrows(IllegalArgumentException.class,
                () -> EnhancerInput.of(packed(), WhiteBalance.NEUTRAL, 0f)).getMessage());
        assertEquals("a packed image has 4 channels (R, G1, B, G2), got 3", assertThrows(IllegalArgumentException.class,
                () -> EnhancerInput.of(PlanarImage.zeros(3, 2, 2), WhiteBalance.NEUTRAL, 1f)).getMessage());
        assertEquals("white-balance blue gain must be positive and finite, got NaN", assertThrows(
                IllegalArgumentException.class, () -> new WhiteBalance(1f, 1f, Float.NaN)).getMessage());
        assertEquals("image 4×2×2 needs 16 values, got 15", assertThrows(IllegalArgumentException.class,
                () -> new PlanarImage(new float[15], 4, 2, 2)).getMessage());
    }
}
