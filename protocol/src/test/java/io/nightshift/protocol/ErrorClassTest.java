package io.nightshift.protocol;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorClassTest {
    @Test
    void environmentAndInternalClassesAreReplayableByDefaultPoisonOnesAndUnknownNamesAreNot() {
        Set<ErrorClass> replayable = EnumSet.noneOf(ErrorClass.class);
        for (ErrorClass c : ErrorClass.values()) {
            if (c.replayableByDefault()) {
                replayable.add(c);
            }
            assertEquals(c.replayableByDefault(), ErrorClass.replayableByDefault(c.name()));
        }
        assertEquals(EnumSet.of(ErrorClass.INTERNAL, ErrorClass.MODEL_UNAVAILABLE, ErrorClass.CRASHED_WORKER,
                ErrorClass.OBJECT_MISSING), replayable);
        assertFalse(ErrorClass.replayableByDefault("GPU_ON_FIRE"), "a later protocol addition");
        assertFalse(ErrorClass.replayableByDefault("internal"), "wire names are exact");
        assertFalse(ErrorClass.replayableByDefault(null));
        assertTrue(ErrorClass.replayableByDefault("INTERNAL"));
        assertEquals(java.util.Optional.of(ErrorClass.DECODE_FAILED), ErrorClass.byWireName("DECODE_FAILED"));
        assertTrue(ErrorClass.byWireName("GPU_ON_FIRE").isEmpty());
    }
}
