package io.nightshift.dispatcher.notifications;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class S3EventParserTest {
    @Test
    void readsMinioKafkaTargetRecords() {
        String json = BucketNotificationTest.MinioEvents.event("s3:ObjectCreated:Put", "nightshift-raw",
                "2024/Ñight shot+1.NEF", 4_194_304L);
        List<S3Event> events = S3EventParser.parse(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new S3Event("s3:ObjectCreated:Put", "nightshift-raw", "2024/Ñight shot+1.NEF",
                4_194_304L, "d41d8cd98f00b204e9800998ecf8427e")), events);
        assertTrue(events.get(0).created());
    }

    @Test
    void removalsHaveNoSize() {
        String json = BucketNotificationTest.MinioEvents.event("s3:ObjectRemoved:Delete", "nightshift-raw", "a.NEF", null);
        S3Event event = S3EventParser.parse(json.getBytes(StandardCharsets.UTF_8)).get(0);
        assertFalse(event.created());
        assertEquals(-1, event.size());
    }

    @Test
    void malformedRecordsNameWhatIsWrong() {
        assertThrows(MalformedEventException.class, () -> S3EventParser.parse(new byte[0]));
        assertThrows(MalformedEventException.class, () -> S3EventParser.parse("nope".getBytes(StandardCharsets.UTF_8)));
        MalformedEventException e = assertThrows(MalformedEventException.class, () -> S3EventParser.parse(
                "{\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"}}}]}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertEquals("Records[0].s3.object is missing", e.getMessage());
    }
}
