package io.nightshift.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputKeysTest {
    @ParameterizedTest(name = "{1} under ''{0}'' -> {4}")
    @CsvSource({
            "raw/,          raw/2024/IMG_1.NEF,   out/, jpeg,   out/2024/IMG_1.NEF.jpg",
            "raw,           raw/2024/IMG_1.NEF,   out,  jpeg,   out/raw/2024/IMG_1.NEF.jpg",
            "raw/2024/IMG_, raw/2024/IMG_1.NEF,   out/, png16,  out/IMG_1.NEF.png",
            "'',            a/b/c.CR2,            '',   tiff16, a/b/c.CR2.tif",
            "'',            c.CR2,                done, jpeg,   done/c.CR2.jpg",
            "raw/,          raw/2024/IMG_1.NEF,   out/, dng,    out/2024/IMG_1.NEF.dng",
            "raw/2024/,     raw/2024/IMG_1.NEF,   out/2024-enhanced/, jpeg, out/2024-enhanced/IMG_1.NEF.jpg",
    })
    void outputKeyFollowsTheRule(String sourcePrefix, String sourceKey, String outputPrefix, String format, String expected) {
        assertEquals(expected, OutputKeys.outputKey(sourcePrefix, sourceKey, outputPrefix, OutputFormat.fromWireName(format)));
    }

    @Test
    void twoRawFormatsOfOneShotNeverCollide() {
        assertNotEquals(OutputKeys.outputKey("raw/", "raw/IMG_1.NEF", "out/", OutputFormat.JPEG),
                OutputKeys.outputKey("raw/", "raw/IMG_1.DNG", "out/", OutputFormat.JPEG));
    }

    @Test
    void keyOutsideThePrefixIsRefused() {
        KeyNotAllowedException e = assertThrows(KeyNotAllowedException.class,
                () -> OutputKeys.outputKey("raw/", "other/IMG_1.NEF", "out/", OutputFormat.JPEG));
        assertEquals("source.key", e.field());
    }

    @ParameterizedTest
    @CsvSource({"raw/../x.NEF", "/abs.NEF", "a//b.NEF", "folder/", "./a.NEF"})
    void unsafeSourceKeysAreRefused(String key) {
        assertThrows(KeyNotAllowedException.class, () -> OutputKeys.outputKey("", key, "out/", OutputFormat.JPEG));
    }

    @Test
    void unsafeOutputPrefixIsRefused() {
        assertThrows(KeyNotAllowedException.class, () -> OutputKeys.outputKey("", "a.NEF", "../up", OutputFormat.JPEG));
        assertThrows(KeyNotAllowedException.class, () -> OutputKeys.outputKey("", "a.NEF", "/root", OutputFormat.JPEG));
    }

    @Test
    void controlCharactersAndOverlongKeysAreRefused() {
        assertThrows(KeyNotAllowedException.class, () -> ObjectKeys.requireSafeKey("k", "a\nb.NEF"));
        assertThrows(KeyNotAllowedException.class, () -> ObjectKeys.requireSafeKey("k", "é".repeat(513)));
        assertEquals("é".repeat(512), ObjectKeys.requireSafeKey("k", "é".repeat(512)));
    }

    @Test
    void idsUseTheConservativeAlphabet() {
        assertTrue(ObjectKeys.isValidId("job-1.2_3:x"));
        assertTrue(ObjectKeys.isValidId("a".repeat(128)));
        assertFalse(ObjectKeys.isValidId("a".repeat(129)));
        assertFalse(ObjectKeys.isValidId("-leading-dash"));
        assertFalse(ObjectKeys.isValidId("a/b"));
        assertFalse(ObjectKeys.isValidId(""));
        assertFalse(ObjectKeys.isValidId(null));
    }

    @Test
    void keyProblemIsReportedWithoutTheFieldName() {
        KeyNotAllowedException e = assertThrows(KeyNotAllowedException.class, () -> ObjectKeys.requireSafeKey("source.key", "/abs"));
        assertEquals("the key is absolute (starts with '/')", e.problem());
        assertEquals("field 'source.key': " + e.problem(), e.getMessage());
    }

    @Test
    void notificationOutputsKeepTheSourceBucketSoTwoBucketsNeverCollide() {
        assertEquals("enhanced/cams-a/2024/IMG_1.NEF.png",
                OutputKeys.eventOutputKey("cams-a", "2024/IMG_1.NEF", "enhanced/", OutputFormat.PNG16));
        assertNotEquals(OutputKeys.eventOutputKey("cams-a", "IMG_1.NEF", "enhanced/", OutputFormat.PNG16),
                OutputKeys.eventOutputKey("cams-b", "IMG_1.NEF", "enhanced/", OutputFormat.PNG16));
        assertThrows(KeyNotAllowedException.class,
                () -> OutputKeys.eventOutputKey("Bad_Bucket", "IMG_1.NEF", "enhanced/", OutputFormat.PNG16));
        assertThrows(KeyNotAllowedException.class,
                () -> OutputKeys.eventOutputKey("cams-a", "../IMG_1.NEF", "enhanced/", OutputFormat.PNG16));
    }
}
