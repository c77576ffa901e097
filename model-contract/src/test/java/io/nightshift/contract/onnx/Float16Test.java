package io.nightshift.contract.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Float16Test {

    private static int bits(float v) {
        return Float16.fromFloat(v) & 0xffff;
    }

    @Test
    void knownValuesRoundToNearestEven() {
        assertEquals(0x3c00, bits(1f));
        assertEquals(0xc000, bits(-2f));
        assertEquals(0x3555, bits(1f / 3));
        assertEquals(0x7bff, bits(65504f));
        assertEquals(0x7c00, bits(65520f), "halfway to 65536 rounds to even, which overflows to infinity");
        assertEquals(0x3c00, bits(1f + 0x1p-11f), "halfway between 1 and 1 + 2^-10 rounds to even");
        assertEquals(0x3c02, bits(1f + 3 * 0x1p-11f), "halfway between 1 + 2^-10 and 1 + 2^-9 rounds to even");
        assertEquals(0x0001, bits(0x1p-24f), "smallest subnormal");
        assertEquals(0x0000, bits(0x1p-25f), "halfway to the smallest subnormal rounds to zero");
        assertEquals(0x0001, bits(1.5f * 0x1p-25f));
        assertEquals(0x0400, bits(0x1p-14f), "smallest normal");
        assertEquals(0x8000, bits(-0f));
        assertEquals(0x7c00, bits(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(Float.NaN))));
    }

    @Test
    void everyHalfValueSurvivesTheRoundTrip() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Float16.toFloat((short) h);
            if (Float.isNaN(f)) {
                continue;
            }
            assertEquals(h, bits(f), "half " + Integer.toHexString(h) + " = " + f);
        }
        assertEquals(0.333251953125f, Float16.toFloat((short) 0x3555));
    }
}
