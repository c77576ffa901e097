package io.nightshift.protocol;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rolling upgrade mixes readers and writers of two versions. Records written before readers accepted unknown
 * error classes (frozen in {@code compat/v1-e1aeacc}) are read by today's readers; today's writers write the same
 * bytes for the classes that version knew, so its readers (which accept exactly those names) still read them; and
 * a class added later is read as text and counts as a failure instead of making the record unreadable.
 */
class ProtocolCompatibilityTest {
    private static final String FIXTURES = "/compat/v1-e1aeacc/";
    private static final Pattern ERROR_CLASS = Pattern.compile("\"errorClass\":\"([^\"]*)\"");

    @Test
    void recordsOfTheOldWritersAreReadAndWrittenBackByteForByte() throws IOException {
        List<String> results = lines("results.jsonl");
        List<String> letters = lines("dead-letters.jsonl");
        assertEquals(1 + oldClasses().size(), results.size(), "a DONE result and a FAILED one per old class");
        assertEquals(oldClasses().size() + 1, letters.size(), "a dead letter per old class and a raw one");
        for (String line : results) {
            JobResult result = ProtocolJson.readResult(bytes(line));
            assertEquals(line, new String(ProtocolJson.write(result), StandardCharsets.UTF_8),
                    "today's writer writes what the old one wrote");
        }
        for (String line : letters) {
            DeadLetter letter = ProtocolJson.readDeadLetter(bytes(line));
            assertEquals(line, new String(ProtocolJson.write(letter), StandardCharsets.UTF_8),
                    "today's writer writes what the old one wrote");
        }
    }

    @Test
    void everyOldClassIsWrittenSoThatTheOldReadersNameRuleAcceptsIt() throws IOException {
        Set<String> old = oldClasses();
        int seen = 0;
        for (String line : lines("results.jsonl")) {
            JobResult result = ProtocolJson.readResult(bytes(line));
            if (result.status() == JobStatus.FAILED) {
                String written = errorClassOf(ProtocolJson.write(result));
                assertTrue(old.contains(written), written + " is one of the names the old readers accept");
                seen++;
            }
        }
        assertEquals(old.size(), seen, "every old class written once");
    }

    @Test
    void aResultOrDeadLetterOfAClassThisVersionDoesNotKnowIsReadWithItsNameAndCountsAsFailed() throws IOException {
        String failed = lines("results.jsonl").get(1).replace("\"errorClass\":\"INVALID_MESSAGE\"",
                "\"errorClass\":\"GPU_ON_FIRE\"");
        JobResult result = ProtocolJson.readResult(bytes(failed));
        assertEquals(JobStatus.FAILED, result.status());
        assertEquals("GPU_ON_FIRE", result.errorClass());
        assertEquals("why INVALID_MESSAGE", result.reason());
        assertEquals(failed, new String(ProtocolJson.write(result), StandardCharsets.UTF_8),
                "passed on unchanged");

        String letter = lines("dead-letters.jsonl").get(0).replace("\"errorClass\":\"INVALID_MESSAGE\"",
                "\"errorClass\":\"GPU_ON_FIRE\"");
        DeadLetter read = ProtocolJson.readDeadLetter(bytes(letter));
        assertEquals("GPU_ON_FIRE", read.errorClass());
        assertNotNull(read.job());
        assertEquals(letter, new String(ProtocolJson.write(read), StandardCharsets.UTF_8));
    }

    @Test
    void aMalformedClassNameIsStillRefused() throws IOException {
        for (String name : new String[] {"gpu_on_fire", "GPU ON FIRE", "_X", "X".repeat(65), ""}) {
            String failed = lines("results.jsonl").get(1).replace("\"errorClass\":\"INVALID_MESSAGE\"",
                    "\"errorClass\":\"" + name + "\"");
            InvalidMessageException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidMessageException.class,
                    () -> ProtocolJson.readResult(bytes(failed)), name);
            assertEquals("errorClass", e.field(), name);
        }
    }

    static Set<String> oldClasses() throws IOException {
        return Set.copyOf(lines("error-classes.txt"));
    }

    private static String errorClassOf(byte[] json) {
        Matcher m = ERROR_CLASS.matcher(new String(json, StandardCharsets.UTF_8));
        assertTrue(m.find(), "has an errorClass");
        return m.group(1);
    }

    private static List<String> lines(String name) throws IOException {
        try (InputStream in = ProtocolCompatibilityTest.class.getResourceAsStream(FIXTURES + name)) {
            assertNotNull(in, FIXTURES + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private static byte[] bytes(String line) {
        return line.getBytes(StandardCharsets.UTF_8);
    }
}
