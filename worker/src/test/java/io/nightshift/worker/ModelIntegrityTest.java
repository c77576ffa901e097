package io.nightshift.worker;

import static io.nightshift.worker.testing.InProcessWorkers.awaitServing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import io.nightshift.inference.registry.ModelSetFolder;
import io.nightshift.inference.registry.RandomModelSet;
import io.nightshift.modelstore.ModelSetLayout;
import io.nightshift.modelstore.ModelSetPublisher;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.worker.app.Worker;
import io.nightshift.worker.testing.Fixtures;
import io.nightshift.worker.testing.InProcessWorkers;
import io.nightshift.worker.testing.InProcessWorkers.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Model files are checked against the announcement, not only against the manifest beside them in the store: a set
 * whose manifest and enhancer were replaced in the models bucket after the announcement (another, equally valid set
 * under the announced version) is refused, and the worker serves the newest earlier set. Before, the worker checked
 * the files against the stored manifest only, so whoever could write to the models bucket chose what the fleet ran.
 */
class ModelIntegrityTest {

    private static final Duration LOAD = Duration.ofSeconds(90);

    @Test
    void aManifestSwappedInTheStoreAfterItsAnnouncementIsRefused() throws Exception {
        Topics topics = Topics.create("model-integrity");
        long seed = Math.abs(System.nanoTime() % 1_000_000) + 2000;
        try (MinioClient s3 = Fixtures.stack().newS3Client()) {
            ModelSetPublisher publisher = InProcessWorkers.publisher(s3, topics, "default");
            String first = InProcessWorkers.publish(publisher, seed);
            String announced = InProcessWorkers.publish(publisher, seed + 1);

            // after the announcement, someone with write access to the models bucket puts another valid set there
            // under the announced version: its own enhancer and a manifest that matches it
            Path other = Files.createTempDirectory("nightshift-swapped-");
            byte[] enhancer = RandomModelSet.enhancer(seed + 2);
            ModelSetManifest swapped = ModelSetFolder.write(other, announced, enhancer, RandomModelSet.ratioEstimator(seed + 1),
                    java.util.Map.of(), "swapped", "a model-integrity test");
            ModelSetManifest original = ProtocolJson.readModelSet(Fixtures.get(s3, "nightshift-models",
                    ModelSetLayout.manifestKey(announced)));
            assertNotEquals(original.enhancer().sha256(), swapped.enhancer().sha256());
            Fixtures.put(s3, "nightshift-models", ModelSetLayout.modelKey(announced, ModelSetFolder.ENHANCER_FILE), enhancer);
            Fixtures.put(s3, "nightshift-models", ModelSetLayout.manifestKey(announced), ProtocolJson.write(swapped));

            try (Worker worker = InProcessWorkers.start(InProcessWorkers.settings("model-integrity", topics),
                    new SimpleMeterRegistry())) {
                // the newest announcement is tried first and refused; the earlier set serves
                awaitServing(worker, first, LOAD);
                Thread.sleep(2000);
                assertEquals(first, worker.models().serving().orElse("nothing"),
                        "the swapped set is never served");
            }
        }
    }
}
