package io.nightshift.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RawExtensionsTest {
    @Test
    void rawNamesInAnyCase() {
        for (String name : new String[] {"IMG_1.NEF", "img_1.nef", "a.b.Cr2", "x.DNG", "dc50.KdC"}) {
            assertTrue(RawExtensions.isRawName(name), name);
        }
    }

    @Test
    void otherNamesAreNotRaw() {
        for (String name : new String[] {"IMG_1.jpg", "NEF", ".NEF", "IMG_1.", "IMG_1.NEF.xmp", "notes.txt"}) {
            assertFalse(RawExtensions.isRawName(name), name);
        }
    }
}
