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

    /**
     * A record written out byte for byte as MinIO's Kafka target publishes it (its Go code escapes the key with
     * url.QueryEscape: "/" → %2F, space → +, "+" → %2B, "(" → %28, non-ASCII as UTF-8 %XX; the Kafka record key is the
     * plain bucket/key), not through Java's encoder, so a decoder that mirrors the test's own encoding cannot pass.
     */
    @Test
    void readsMinioExactRecordWithSpacesPlusAndNonAscii() {
        String json = "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"nightshift-raw/K\u00f6ln/\u00e9t\u00e9 2024/Nacht (1)+2.NEF\","
                + "\"Records\":[{\"eventVersion\":\"2.0\",\"eventSource\":\"minio:s3\",\"awsRegion\":\"\","
                + "\"eventTime\":\"2026-12-05T14:00:00.000Z\",\"eventName\":\"s3:ObjectCreated:Put\","
                + "\"userIdentity\":{\"principalId\":\"minioadmin\"},\"requestParameters\":{\"principalId\":\"minioadmin\","
                + "\"region\":\"\",\"sourceIPAddress\":\"10.0.0.7\"},\"responseElements\":{\"x-amz-request-id\":"
                + "\"187E2A6F0F1D2C3B\",\"x-minio-origin-endpoint\":\"http://10.0.0.5:9000\"},\"s3\":{\"s3SchemaVersion\":\"1.0\","
                + "\"configurationId\":\"Config\",\"bucket\":{\"name\":\"nightshift-raw\",\"ownerIdentity\":"
                + "{\"principalId\":\"minioadmin\"},\"arn\":\"arn:aws:s3:::nightshift-raw\"},\"object\":{"
                + "\"key\":\"K%C3%B6ln%2F%C3%A9t%C3%A9+2024%2FNacht+%281%29%2B2.NEF\",\"size\":9158656,"
                + "\"eTag\":\"5c1d0a1e4f7f2b3a9d8e7c6b5a4f3e2d\",\"contentType\":\"image/x-nikon-nef\","
                + "\"userMetadata\":{\"content-type\":\"image/x-nikon-nef\"},\"sequencer\":\"187E2A6F0F4B7A19\"}},"
                + "\"source\":{\"host\":\"10.0.0.7\",\"port\":\"\",\"userAgent\":\"MinIO (linux; amd64) minio-go/v7.0.70\"}}]}";
        List<S3Event> events = S3EventParser.parse(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, events.size());
        assertEquals("nightshift-raw", events.get(0).bucket());
        assertEquals("K\u00f6ln/\u00e9t\u00e9 2024/Nacht (1)+2.NEF", events.get(0).key());
        assertEquals(9158656L, events.get(0).size());
        assertEquals("5c1d0a1e4f7f2b3a9d8e7c6b5a4f3e2d", events.get(0).etag());
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
