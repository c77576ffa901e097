package io.nightshift.dispatcher.listing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RawFilterTest {
    private final RawFilter raw = RawFilter.of(List.of("NEF", ".cr2", "dng"), null, null);

    @Test
    void extensionsAnyCase() {
        assertTrue(raw.accepts("a/IMG_1.NEF", 0));
        assertTrue(raw.accepts("a/IMG_1.nef", 0));
        assertTrue(raw.accepts("IMG_1.Cr2", 0));
        assertFalse(raw.accepts("a/IMG_1.jpg", 0));
        assertFalse(raw.accepts("a/IMG_1.NEF.xmp", 0));
        assertFalse(raw.accepts("a/NEF", 0));
        assertFalse(raw.accepts("a/.NEF", 0), "a hidden file, not a RAW file");
        assertFalse(raw.accepts("a.NEF/readme", 0), "the extension of the folder does not count");
        assertFalse(raw.accepts("a/IMG.", 0));
    }

    @Test
    void sizeLimitsAreInclusive() {
        RawFilter sized = RawFilter.of(List.of("dng"), 10L, 20L);
        assertFalse(sized.accepts("x.dng", 9));
        assertTrue(sized.accepts("x.dng", 10));
        assertTrue(sized.accepts("x.dng", 20));
        assertFalse(sized.accepts("x.dng", 21));
    }
}
