package io.nightshift.inference.tiling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReflectPaddingTest {

    @Test
    void padsToMultiplesOfSixteen() {
        assertEquals(16, ReflectPadding.padded(1));
        assertEquals(16, ReflectPadding.padded(16));
        assertEquals(32, ReflectPadding.padded(17));
        assertEquals(1424, ReflectPadding.padded(1424));
    }

    @Test
    void reflectsWithoutRepeatingTheEdgeAsNumpyDoes() {
        // numpy.pad(arange(5), (0, 6), 'reflect') = 0 1 2 3 4 3 2 1 0 1 2
        int[] expected = {0, 1, 2, 3, 4, 3, 2, 1, 0, 1, 2};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], ReflectPadding.source(i, 5), "index " + i);
        }
        assertEquals(0, ReflectPadding.source(9, 1));
        assertEquals(1, ReflectPadding.source(-1, 5));
    }
}
