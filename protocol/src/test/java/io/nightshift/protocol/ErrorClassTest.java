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
                ErrorClass.OBJECT_MISSING, ErrorClass.STAGE_TIMEOUT, ErrorClass.OUTPUT_NOT_WRITABLE), replayable);
        assertFalse(ErrorClass.replayableByDefault("GPU_ON_FIRE"), "a later protocol addition");
        assertFalse(ErrorClass.replayableByDefault("internal"), "wire names are exact");
        assertFalse(ErrorClass.replayableByDefault(null));
        assertTrue(ErrorClass.replayableByDefault("INTERNAL"));
        assertEquals(java.util.Optional.of(ErrorClass.DECODE_FAILED), ErrorClass.byWireName("DECODE_FAILED"));
        assertTrue(ErrorClass.byWireName("GPU_ON_FIRE").isEmpty());
    }

    @Test
    void everyClassNameIsWellFormedAndTheRuleTakesLaterOnesButNotGarbage() {
        for (ErrorClass c : ErrorClass.values()) {
            assertTrue(ErrorClass.isWellFormedName(c.name()), c.name());
        }
        assertTrue(ErrorClass.isWellFormedName("GPU_ON_FIRE"));
        assertTrue(ErrorClass.isWellFormedName("X".repeat(64)));
        for (String bad : new String[] {null, "", "gpu_on_fire", "GPU ON FIRE", "_X", "9X", "X".repeat(65), "DROP;TABLE"}) {
            assertFalse(ErrorClass.isWellFormedName(bad), String.valueOf(bad));
        }
    }

    @Test
    void theClassesAddedToV1AreTheOnlyOnesTheOldReadersDoNotKnow() throws java.io.IOException {
        Set<String> added = new java.util.TreeSet<>();
        for (ErrorClass c : ErrorClass.values()) {
            added.add(c.name());
        }
        added.removeAll(ProtocolCompatibilityTest.oldClasses());
        assertEquals(Set.of("STAGE_TIMEOUT", "OUTPUT_NOT_WRITABLE"), added,
                "a class the old readers refuse: roll out the readers before any writer uses it");
    }
}
