package io.nightshift.worker.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.MinioClient;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.worker.testing.Fixtures;
import io.nightshift.worker.testing.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A live worker's in-flight marker that could not be removed while the store was down is removed once the store
 * answers again, so it never counts as a death: the chaos suite found a good job dead-lettered {@code CRASHED_WORKER}
 * for one real death and one marker left behind by a worker that gave the job up during a store outage. Real S3
 * server behind a proxy the test cuts.
 */
class MarkerRemovalsTest {

    @Test
    void aMarkerTheStoreRefusedIsRemovedWhenTheStoreAnswersAgain() throws Exception {
        StateLocation state = new StateLocation("nightshift-worker-state", "marker-removals-test-" + UUID.randomUUID() + "/");
        Job job = Fixtures.job(Fixtures.batchId("markers"), "given-up.dng", OutputFormat.JPEG, null);
        URI s3 = URI.create(Fixtures.stack().s3Endpoint());
        try (MinioClient direct = Fixtures.stack().newS3Client(); TcpProxy proxy = new TcpProxy(s3.getPort());
             MinioClient proxied = MinioClient.builder().endpoint("http://127.0.0.1:" + proxy.port())
                     .credentials(Fixtures.stack().config().accessKey(), Fixtures.stack().config().secretKey()).build()) {
            CrashLedger ledger = new CrashLedger(new ObjectStore(proxied), state, "w-live");
            CrashLedger observer = new CrashLedger(new ObjectStore(direct), state, "w-next");
            MarkerRemovals removals = new MarkerRemovals(ledger);

            CrashLedger.Running running = ledger.run(job);
            proxy.cut();
            removals.remove("job given-up", running);
            assertEquals(1, removals.pending(), "the store refused: the removal waits");
            Thread.sleep(1500); // several tries while the store is down
            assertEquals(Set.of("w-live"), observer.deaths(job), "meanwhile the marker is there");

            proxy.restore();
            long deadline = System.nanoTime() + Duration.ofMillis(3 * MarkerRemovals.MAX_DELAY_MS).toNanos();
            while (removals.pending() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, removals.pending(), "removed once the store answered");
            assertEquals(Set.of(), observer.deaths(job), "a live worker's marker is no death");

            // at shutdown: no more retries, one more try
            CrashLedger.Running second = ledger.run(job.nextAttempt(java.time.Instant.now()));
            proxy.cut();
            removals.remove("job given-up", second);
            removals.close();
            assertEquals(1, removals.pending(), "still refused at close: left behind, and said so");
            proxy.restore();
            Thread.sleep(2 * MarkerRemovals.MAX_DELAY_MS / 5);
            assertEquals(1, removals.pending(), "closed: no retry after it");
            assertEquals(0, removals.flush());
            assertTrue(observer.deaths(job).isEmpty());
        }
    }
}
