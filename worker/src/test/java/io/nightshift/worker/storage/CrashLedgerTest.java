package io.nightshift.worker.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minio.MinioClient;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.worker.testing.Fixtures;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The crash budget is the job's, not the attempt's: markers a job left in earlier attempts count against its retry
 * (retry-failed, a replay), so a known crasher does not get a new budget each time it is re-enqueued. Before, the
 * ledger counted only the markers of the same (job id, attempt). Real S3 server, the worker's own state bucket.
 */
class CrashLedgerTest {

    private static MinioClient s3;
    private static ObjectStore store;

    @BeforeAll
    static void connect() {
        s3 = Fixtures.stack().newS3Client();
        store = new ObjectStore(s3);
    }

    @AfterAll
    static void close() throws Exception {
        s3.close();
    }

    private static StateLocation freshLocation() {
        return new StateLocation("nightshift-worker-state", "crash-ledger-test-" + UUID.randomUUID() + "/");
    }

    @Test
    void nativeCrashesOfEarlierAttemptsCountAgainstTheRetry() throws Exception {
        StateLocation state = freshLocation();
        CrashLedger ledger = new CrashLedger(store, state, "w-1");
        Job first = Fixtures.job(Fixtures.batchId("ledger"), "crasher.dng", OutputFormat.JPEG, null);
        Job innocent = Fixtures.job(Fixtures.batchId("ledger"), "innocent.dng", OutputFormat.JPEG, null);
        ledger.enter(first); // two processes died inside LibRaw with it: their markers stay
        ledger.enter(first);
        ledger.exit(ledger.enter(innocent));

        Job retry = first.nextAttempt(Instant.now());
        assertEquals(2, ledger.crashes(first));
        assertEquals(2, ledger.crashes(retry), "attempt 2 inherits the two crashes of attempt 1");
        ledger.enter(retry);
        assertEquals(3, ledger.crashes(retry.nextAttempt(Instant.now())), "and attempt 3 those of both");
        assertEquals(0, ledger.crashes(innocent), "a job that left the native stage alive is not charged");
        assertEquals(2, Fixtures.list(s3, state.bucket(), state.nativeEntries() + first.jobId() + "/1/").size(),
                "markers stay per attempt, as evidence");
    }

    @Test
    void deathsOfEarlierAttemptsCountAgainstTheRetry() throws Exception {
        StateLocation state = freshLocation();
        Job first = Fixtures.job(Fixtures.batchId("ledger"), "killer.dng", OutputFormat.JPEG, null);
        Job second = first.nextAttempt(Instant.now());
        new CrashLedger(store, state, "w-1").run(first); // w-1 died with attempt 1 in flight
        new CrashLedger(store, state, "w-2").run(second); // w-2 died with attempt 2 in flight
        CrashLedger survivor = new CrashLedger(store, state, "w-3");
        survivor.finished(survivor.run(second)); // w-3 finished its run: not a death

        assertEquals(Set.of("w-1", "w-2"), survivor.deaths(second.nextAttempt(Instant.now())));
        assertEquals(Set.of("w-1", "w-2"), survivor.deaths(second));
        assertEquals(Set.of("w-1", "w-2"), survivor.deaths(first));
    }

    @Test
    void theStateLocationIsABucketAndAnOptionalPrefix() {
        assertEquals(new StateLocation("nightshift-worker-state", ""), StateLocation.parse("nightshift-worker-state"));
        StateLocation prefixed = StateLocation.parse("shared-state/workers/blue");
        assertEquals("shared-state", prefixed.bucket());
        assertEquals("workers/blue/in-flight/", prefixed.inFlight());
        assertEquals("workers/blue/native-entries/", prefixed.nativeEntries());
        assertEquals("workers/blue/dead-letter-payloads/", prefixed.deadLetterPayloads());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> StateLocation.parse("Bad_Bucket"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> StateLocation.parse("state/../models"));
    }
}
