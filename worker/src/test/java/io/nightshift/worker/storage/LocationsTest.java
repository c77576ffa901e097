package io.nightshift.worker.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.KeyNotAllowedException;
import io.nightshift.protocol.ObjectRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys outside the configured buckets and prefixes are refused, whatever the job says. */
class LocationsTest {

    @Test
    void bucketsAndPrefixes() {
        Locations sources = new Locations("source", List.of("nightshift-raw/raw/", " archive "));
        ObjectRef ok = new ObjectRef("nightshift-raw", "raw/2024/IMG_1.NEF");
        assertEquals(ok, sources.require(ok));
        sources.require(new ObjectRef("archive", "anything/at/all.CR2"));
        KeyNotAllowedException e = assertThrows(KeyNotAllowedException.class,
                () -> sources.require(new ObjectRef("nightshift-raw", "rawfoo/IMG_1.NEF")));
        assertEquals(ErrorClass.KEY_NOT_ALLOWED, e.errorClass());
        assertEquals("source.key", e.field());
        assertTrue(e.getMessage().contains("nightshift-raw/rawfoo/IMG_1.NEF"), e.getMessage());
        assertThrows(KeyNotAllowedException.class, () -> sources.require(new ObjectRef("nightshift-models", "raw/x")));
        assertThrows(IllegalArgumentException.class, () -> new Locations("output", List.of()));
    }
}
