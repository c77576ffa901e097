package io.nightshift.worker;

import static io.nightshift.worker.testing.InProcessWorkers.awaitServing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.nightshift.modelstore.ModelSetLayout;
import io.nightshift.modelstore.ModelSetPublisher;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.worker.app.Worker;
import io.nightshift.worker.testing.Fixtures;
import io.nightshift.worker.testing.InProcessWorkers;
import io.nightshift.worker.testing.InProcessWorkers.Topics;
import io.nightshift.worker.testing.TcpProxy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A hot reload that fails for a reason that passes is tried again until the set loads, instead of leaving the
 * worker on its old set while the rest of the fleet serves the new one: first a set whose enhancer is missing from
 * the object store for a while, then the object store itself cut (a TCP proxy in front of it) while a set is
 * announced. The old set serves meanwhile.
 */
class ModelSetReloadRetryTest {

    private static final Duration LOAD = Duration.ofSeconds(90);
    private static final String MODELS = "nightshift-models";

    @Test
    void aReloadWhoseFilesAreUnavailableForAWhileIsRetriedAndLoaded() throws Exception {
        Topics topics = Topics.create("reload-retry");
        long seed = Math.abs(System.nanoTime() % 1_000_000) + 2000;
        URI s3 = URI.create(Fixtures.stack().s3Endpoint());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (MinioClient client = Fixtures.stack().newS3Client(); TcpProxy store = new TcpProxy(s3.getPort())) {
            ModelSetPublisher announcer = InProcessWorkers.publisher(client, topics, "default");
            ModelSetPublisher staging = InProcessWorkers.publisher(client, topics, "staging"); // not followed
            String first = InProcessWorkers.publish(announcer, seed);
            Map<String, String> settings = InProcessWorkers.settings("reload-retry", topics);
            settings.put("nightshift.storage.endpoint", "http://127.0.0.1:" + store.port());
            try (Worker worker = InProcessWorkers.start(settings, meters)) {
                awaitServing(worker, first, LOAD);

                // a set uploaded, its enhancer then missing from the store while it is announced
                String second = InProcessWorkers.publish(staging, seed + 1);
                String enhancerKey = ModelSetLayout.modelKey(second, ProtocolJson.readModelSet(
                        Fixtures.get(client, MODELS, ModelSetLayout.manifestKey(second))).enhancer().key());
                byte[] enhancer = Fixtures.get(client, MODELS, enhancerKey);
                client.removeObject(RemoveObjectArgs.builder().bucket(MODELS).object(enhancerKey).build());
                announcer.announce(second);
                Thread.sleep(4000); // a few failed loads (1 s backoff, doubling)
                assertEquals(first, worker.models().serving().orElse("nothing"), "the old set serves meanwhile");
                Fixtures.put(client, MODELS, enhancerKey, enhancer);
                awaitServing(worker, second, LOAD);

                // the object store unreachable while the older set is announced again (a rollback)
                store.cut();
                announcer.announce(first);
                Thread.sleep(4000);
                assertEquals(second, worker.models().serving().orElse("nothing"), "the serving set stays meanwhile");
                store.restore();
                awaitServing(worker, first, LOAD);

                double retries = meters.find("nightshift.worker.model.set.load.retries").counter().count();
                assertTrue(retries >= 2, "failed loads counted as retries: " + retries);
                // the follower settles right after the registry swaps sets, so the gauge may lag the swap briefly
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (pendingGauge(meters) != 0.0 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(0.0, pendingGauge(meters), "nothing pending once loaded");
            }
        }
    }

    private static double pendingGauge(SimpleMeterRegistry meters) {
        return meters.find("nightshift.worker.model.set.pending").gauge().value();
    }
}
