package io.nightshift.client.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.protocol.KeyNotAllowedException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KeyRuleTest {
    @Test
    void pathsBecomeSlashSeparatedNfcKeysUnderThePrefix() {
        assertEquals("process/r1/2024/Winter trip/IMG 1.NEF", KeyRule.keyOf("process/r1/", Path.of("2024/Winter trip/IMG 1.NEF")));
        // "é" typed as e + combining accent (macOS) and as one letter give one key
        assertEquals(KeyRule.keyOf("p/", Path.of("Église.NEF")), KeyRule.keyOf("p/", Path.of("E\u0301glise.NEF")));
    }

    @Test
    void namesTheKeyRulesRefuseAreRefusedWithTheReason() {
        KeyNotAllowedException backslash = assertThrows(KeyNotAllowedException.class,
                () -> KeyRule.keyOf("p/", Path.of("a\\b.NEF")));
        assertTrue(backslash.getMessage().contains("backslash"), backslash.getMessage());
        assertThrows(KeyNotAllowedException.class, () -> KeyRule.keyOf("p/", Path.of("tab\there.NEF")));
        assertThrows(KeyNotAllowedException.class, () -> KeyRule.keyOf("p/", Path.of("x".repeat(1100) + ".NEF")));
    }

    @Test
    void resultsComeBackInsideTheOutputFolderOnly() {
        Path out = Path.of("/tmp/out");
        assertEquals(Path.of("/tmp/out/2024/IMG 1.NEF.jpg"), KeyRule.localOutput(out, "process/r1/", "process/r1/2024/IMG 1.NEF.jpg"));
        assertThrows(KeyNotAllowedException.class, () -> KeyRule.localOutput(out, "process/r1/", "process/r2/x.jpg"));
        assertThrows(KeyNotAllowedException.class, () -> KeyRule.localOutput(out, "process/r1/", "process/r1/../../etc/x"));
    }
}
