package io.nightshift.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CameraTest {
    private static final String DONE = "{\"schemaVersion\":1,\"jobId\":\"j\",\"batchId\":\"b\",\"attempt\":1,"
            + "\"status\":\"DONE\",\"outputKey\":\"out/a.jpg\",\"workerId\":\"w\","
            + "\"finishedAt\":\"2026-11-26T10:15:30Z\"";

    @Test
    void theLabelNamesTheMakeOnce() {
        assertEquals("Nikon D1", new Camera("Nikon", "D1").label());
        assertEquals("Canon EOS D30", new Camera("Canon", "Canon EOS D30").label());
        assertEquals("Kodak", new Camera("Kodak", "").label());
        assertEquals("DC50", new Camera("", "DC50").label());
    }

    @Test
    void textFromTheFileIsMadeSafeToShow() {
        Camera camera = new Camera(" Ni\u0000kon\t", "D1\r\n<b>\u202e");
        assertEquals("Ni kon", camera.make());
        assertEquals("D1 <b>", camera.model());
        String longModel = "x".repeat(500);
        assertEquals(Camera.MAX_LENGTH, new Camera("Make", longModel).model().length());
        assertThrows(IllegalArgumentException.class, () -> new Camera(" ", "\u0001"));
        assertNull(Camera.named(null, "  "));
    }

    @Test
    void aResultReadsItsCameraAndAnOlderWritersResultHasNone() {
        JobResult withCamera = ProtocolJson.readResult((DONE + ",\"camera\":{\"make\":\"Sony\",\"model\":\"ILCE-7SM2\"}}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(new Camera("Sony", "ILCE-7SM2"), withCamera.camera());
        assertNull(ProtocolJson.readResult((DONE + "}").getBytes(StandardCharsets.UTF_8)).camera());
        assertNull(ProtocolJson.readResult((DONE + ",\"camera\":{\"make\":\"\",\"model\":\" \"}}")
                .getBytes(StandardCharsets.UTF_8)).camera(), "a camera naming nothing is none");
        JobResult modelOnly = JobResult.done(new Job("j", "b", 1, new ObjectRef("raw", "a.KDC"),
                        new ObjectRef("out", "a.jpg"), OutputFormat.JPEG, null, java.time.Instant.EPOCH), "a.jpg",
                null, "m", 2.0, RatioSource.ESTIMATED, new Camera("", "DC50"), null, "w", java.time.Instant.EPOCH);
        assertEquals(modelOnly, ProtocolJson.readResult(ProtocolJson.write(modelOnly)));
    }
}
