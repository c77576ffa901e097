package io.nightshift.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequiredOptionsTest {

    private static final List<String> NAMES = List.of("--from", "--out");
    private static final String USAGE = "Tool --from DIR --out DIR";

    @Test
    void readsEveryPairInAnyOrder() {
        Map<String, String> values = RequiredOptions.parse(new String[] {"--out", "b", "--from", "a"}, NAMES, USAGE);
        assertEquals(Map.of("--from", "a", "--out", "b"), values);
    }

    @Test
    void anUnknownOptionIsAnsweredWithTheUsage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RequiredOptions.parse(new String[] {"--from", "a", "--into", "b"}, NAMES, USAGE));
        assertTrue(e.getMessage().contains(USAGE) && e.getMessage().contains("--into"), e.getMessage());
    }

    @Test
    void aNameWithoutItsValueIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RequiredOptions.parse(new String[] {"--from", "a", "--out"}, NAMES, USAGE));
        assertTrue(e.getMessage().contains("(got --out)"), e.getMessage());
    }

    @Test
    void aMissingOptionIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RequiredOptions.parse(new String[] {"--from", "a"}, NAMES, USAGE));
        assertEquals("--out is required", e.getMessage());
    }
}
