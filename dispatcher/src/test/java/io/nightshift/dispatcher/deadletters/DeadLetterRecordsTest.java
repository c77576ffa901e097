package io.nightshift.dispatcher.deadletters;

import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.StoredPayload;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A dead letter whose raw payload the worker stored in the object store (too large for the topic): indexed under the
 * job and batch the worker read from it, with its size and where it is, as an inline raw payload would be.
 */
class DeadLetterRecordsTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final String SHA = "0123456789abcdef".repeat(4);
    private static final ObjectRef WHERE = new ObjectRef("nightshift-models", "worker-state/dead-letter-payloads/" + SHA);

    @Test
    void aStoredRawPayloadIsFiledUnderItsJobAndBatchWithItsSizeAndPlace() {
        DeadLetter letter = new DeadLetter(null, null, ErrorClass.INVALID_MESSAGE, "format: must be one of …", 1,
                "worker-a", T0, new StoredPayload(WHERE, 1_000_123, SHA, new ProtocolJson.JobIds("job-7", "batch-3", 2)));
        DeadLetterRecords.Read read = DeadLetterRecords.read("job-7", ProtocolJson.write(letter), "unidentified-0-1");
        assertEquals("job-7", read.jobId());
        assertEquals("batch-3", read.batchId());
        assertNull(read.job());
        assertEquals(1_000_123, read.rawPayloadBytes());
        assertEquals("nightshift-models/worker-state/dead-letter-payloads/" + SHA, read.rawPayloadStoredAt());
        assertEquals(2, read.entry().attempt());

        DeadLetterIndex index = new DeadLetterIndex(10, 2);
        index.add(read.jobId(), read.batchId(), read.job(), read.rawPayloadBytes(), read.rawPayloadStoredAt(), read.entry());
        DeadLetterJob indexed = index.find("job-7").orElseThrow();
        assertEquals(read.rawPayloadStoredAt(), indexed.rawPayloadStoredAt());
        assertEquals(1, index.count(new DeadLetterIndex.Filter("batch-3", null)), "listed under its batch");
    }

    @Test
    void withoutReadableIdsTheRecordKeyNamesIt() {
        DeadLetter letter = new DeadLetter(null, null, ErrorClass.INVALID_MESSAGE, "not JSON", 1, "worker-a", T0,
                new StoredPayload(WHERE, 900_000, SHA, null));
        DeadLetterRecords.Read read = DeadLetterRecords.read("some-key", ProtocolJson.write(letter), "unidentified-0-1");
        assertEquals("some-key", read.jobId());
        assertNull(read.batchId());
        assertEquals(900_000, read.rawPayloadBytes());
        assertEquals(0, read.entry().attempt());
    }
}
