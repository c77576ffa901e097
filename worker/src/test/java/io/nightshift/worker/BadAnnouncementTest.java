package io.nightshift.worker;

import static io.nightshift.worker.testing.InProcessWorkers.awaitServing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import io.nightshift.modelstore.ModelSetPublisher;
import io.nightshift.protocol.ModelFile;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.worker.app.Worker;
import io.nightshift.worker.testing.Fixtures;
import io.nightshift.worker.testing.InProcessWorkers;
import io.nightshift.worker.testing.InProcessWorkers.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * A model-set announcement that cannot be used (an unsafe model key, a record that is no manifest) on a real
 * model-set topic stops nothing: the running worker's follower skips it and loads the next good set, and a worker
 * started after it starts with the newest usable set. Before, the unsafe key's {@code KeyNotAllowedException}
 * escaped the reader: it ended the follower of every running worker and failed the start of every new one.
 */
class BadAnnouncementTest {

    private static final Duration LOAD = Duration.ofSeconds(90);

    @Test
    void unusableAnnouncementsAreSkippedTheFollowerGoesOnAndANewWorkerTakesTheNewestUsableSet() throws Exception {
        Topics topics = Topics.create("bad-announcement");
        long seed = Math.abs(System.nanoTime() % 1_000_000) + 1000;
        SimpleMeterRegistry runningMeters = new SimpleMeterRegistry();
        try (MinioClient s3 = Fixtures.stack().newS3Client(); KafkaProducer<String, byte[]> producer = Fixtures.producer()) {
            ModelSetPublisher publisher = InProcessWorkers.publisher(s3, topics, "default");
            String first = InProcessWorkers.publish(publisher, seed);
            try (Worker running = InProcessWorkers.start(InProcessWorkers.settings("bad-announcement-running", topics),
                    runningMeters)) {
                awaitServing(running, first, LOAD);

                // an announcement whose model key leaves the set's folder, then a record that is no manifest at all
                String unsafe = new String(ProtocolJson.write(new ModelSetManifest("unsafe-" + seed,
                        new ModelFile("enhancer.onnx", "ab".repeat(32)), new ModelFile("ratio.onnx", "ab".repeat(32)),
                        Map.of(), null, null, Instant.now())), StandardCharsets.UTF_8)
                        .replace("\"enhancer.onnx\"", "\"../../channels/default/enhancer.onnx\"");
                Fixtures.sendRaw(producer, topics.modelSets(), "default", unsafe.getBytes(StandardCharsets.UTF_8));
                Fixtures.sendRaw(producer, topics.modelSets(), "default", "not a manifest".getBytes(StandardCharsets.UTF_8));

                try (Worker later = InProcessWorkers.start(InProcessWorkers.settings("bad-announcement-later", topics),
                        new SimpleMeterRegistry())) {
                    awaitServing(later, first, LOAD); // the newest usable announcement

                    String second = InProcessWorkers.publish(publisher, seed + 1);
                    awaitServing(running, second, LOAD); // its follower kept going past both bad records
                    awaitServing(later, second, LOAD);
                }
                Counter skipped = runningMeters.find("nightshift.worker.model.set.announcements.skipped").counter();
                assertNotNull(skipped, "the skipped announcements are counted");
                assertEquals(2.0, skipped.count(), "both unusable records counted by the running worker");
                assertTrue(running.models().isServing());
            }
        }
    }
}
