package io.nightshift.libraw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.libraw.global.LibRawApi;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

/** The generated binding loads its JNI library from the build output and talks to the system LibRaw. */
class LibRawBindingTest {

    @Test
    void systemLibRawIsVersion020() {
        int version = LibRawApi.libraw_versionNumber();
        assertEquals(0, version >> 16, "major");
        assertEquals(20, (version >> 8) & 0xFF, "minor: Debian 12 ships LibRaw 0.20");
        assertTrue(LibRawApi.libraw_version().getString().startsWith("0.20"));
    }

    @Test
    void processorRefusesNonsenseWithLibRawsCode() {
        try (LibRaw libRaw = new LibRaw(0); BytePointer junk = new BytePointer("not a raw file, just text. ".repeat(4096))) {
            int code = libRaw.open_buffer(junk, junk.limit());
            assertEquals(LibRawApi.LIBRAW_FILE_UNSUPPORTED, code);
            assertNotEquals("", LibRaw.strerror(code).getString());
        }
    }
}
