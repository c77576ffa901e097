package io.nightshift.worker;

import static io.nightshift.worker.testing.Fixtures.RAW_BUCKET;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import io.minio.MinioClient;
import io.nightshift.contract.MetadataKeys;
import io.nightshift.inference.registry.ModelSetFolder;
import io.nightshift.inference.registry.RandomModelSet;
import io.nightshift.modelstore.ModelSetPublisher;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.JobStatus;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.nightshift.worker.testing.Fixtures;
import io.nightshift.worker.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * Model sets announced while the Quarkus worker runs: a new set mid-stream (no job fails, every result names
 * exactly one set, the new one takes over), a corrupt set (refused, the old one keeps serving), a set of a newer
 * contract (refused with its contract named, the old one keeps serving), and a rollback to the older set.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ModelSetHotReloadTest {

    static JsonPath readiness() {
        return given().get("/q/health/ready").jsonPath();
    }

    static String serving() {
        return readiness().getString("checks.find { it.name == 'nightshift worker' }.data.modelSet");
    }

    static String awaitServing(String version, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!version.equals(serving()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return serving();
    }

    @Test
    void newSetMidStreamThenCorruptSetRefusedThenRollback() throws Exception {
        WorkerPipelineTest.awaitReady();
        String original = serving();
        String batch = Fixtures.batchId("reload");
        long seed = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000) + 10;
        String next = RandomModelSet.version(seed);
        try (MinioClient s3 = Fixtures.stack().newS3Client(); KafkaProducer<String, byte[]> producer = Fixtures.producer();
                TopicReader<JobResult> results = TopicReader.results()) {
            ModelSetPublisher publisher = new ModelSetPublisher(s3, "nightshift-models", Fixtures.stack().kafkaProperties());
            List<Job> jobs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Job job = Fixtures.job(batch, "IMG_" + i + ".DNG", OutputFormat.JPEG, null);
                Fixtures.put(s3, RAW_BUCKET, job.source().key(), Fixtures.dng(400, 300, i));
                jobs.add(job);
            }
            for (int i = 0; i < 6; i++) {
                Fixtures.send(producer, WorkerPipelineTest.JOBS, jobs.get(i));
            }
            results.await(r -> r.batchId().equals(batch), l -> l.size() >= 2, Duration.ofSeconds(60));
            Path folder = Files.createTempDirectory("nightshift-set-");
            RandomModelSet.write(folder, seed, "ModelSetHotReloadTest");
            // announced while the first jobs may still be in flight; the rest are sent once it serves, so both sets
            // serve jobs of this stream whatever the machine's speed (sending them at once raced the swap)
            publisher.publish(folder);
            assertEquals(next, awaitServing(next, Duration.ofSeconds(60)), "the announced set serves");
            for (int i = 6; i < 12; i++) {
                Fixtures.send(producer, WorkerPipelineTest.JOBS, jobs.get(i));
            }
            List<JobResult> all = results.await(r -> r.batchId().equals(batch), l -> l.size() >= jobs.size(),
                    Duration.ofSeconds(120));
            assertEquals(jobs.size(), all.size());
            assertTrue(all.stream().allMatch(r -> r.status() == JobStatus.DONE), "no job failed: " + all);
            Set<String> sets = all.stream().map(JobResult::modelSet).collect(Collectors.toSet());
            assertTrue(Set.of(original, next).containsAll(sets), "each result names one of the two sets: " + sets);
            assertTrue(sets.contains(original) && sets.contains(next), "both served during the stream: " + sets);
            Set<String> late = jobs.subList(6, 12).stream().map(Job::jobId).collect(Collectors.toSet());
            assertTrue(all.stream().filter(r -> late.contains(r.jobId())).allMatch(r -> next.equals(r.modelSet())),
                    "jobs sent after the swap are served by the new set: " + all);

            // a corrupt set: the publisher's checksums hold, but the enhancer is not ONNX
            String corrupt = "corrupt-" + seed;
            Path bad = Files.createTempDirectory("nightshift-bad-set-");
            ModelSetFolder.write(bad, corrupt, "definitely not an ONNX model".getBytes(),
                    RandomModelSet.ratioEstimator(seed), Map.of(), "corrupt test set", "ModelSetHotReloadTest");
            publisher.publish(bad);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String refused = null;
            while (System.nanoTime() < deadline && (refused == null || !refused.contains(corrupt))) {
                refused = readiness().getString("checks.find { it.name == 'nightshift worker' }.data.lastModelSetRefused");
                Thread.sleep(100);
            }
            assertTrue(refused != null && refused.contains(corrupt), "refused: " + refused);
            given().get("/q/health/ready").then().statusCode(200);
            assertEquals(next, serving(), "the old set keeps serving");
            JobResult afterResult = processed(s3, producer, results, batch, "AFTER_CORRUPT.DNG", 77);
            assertEquals(JobStatus.DONE, afterResult.status());
            assertEquals(next, afterResult.modelSet());

            // a set of a contract newer than this worker knows (here v3): refused with the reason, the serving set
            // stays; the rollout order is workers first (worker/README.md, "Model contract versions")
            String newer = "contract-v3-" + seed;
            Path v3 = Files.createTempDirectory("nightshift-v3-set-");
            ModelProto enhancer = ModelProto.parseFrom(RandomModelSet.enhancer(seed));
            ModelProto.Builder b = enhancer.toBuilder().clearMetadataProps();
            for (StringStringEntryProto e : enhancer.getMetadataPropsList()) {
                b.addMetadataProps(e.getKey().equals(MetadataKeys.CONTRACT) ? e.toBuilder().setValue("enhancer/v3").build() : e);
            }
            ModelSetFolder.write(v3, newer, b.build().toByteArray(), RandomModelSet.ratioEstimator(seed), Map.of(),
                    "a set of contract v3 (test)", "ModelSetHotReloadTest");
            publisher.publish(v3);
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            refused = null;
            while (System.nanoTime() < deadline && (refused == null || !refused.contains(newer))) {
                refused = readiness().getString("checks.find { it.name == 'nightshift worker' }.data.lastModelSetRefused");
                Thread.sleep(100);
            }
            assertTrue(refused != null && refused.contains(newer) && refused.contains("enhancer/v3")
                    && refused.contains("newer worker"), "refused: " + refused);
            given().get("/q/health/ready").then().statusCode(200);
            assertEquals(next, serving(), "the serving set stays when a newer contract is announced");

            // a set of contract v2 (noise planes in the input), which this worker knows: served, jobs done with it
            String noise = "contract-v2-" + seed;
            Path v2 = Files.createTempDirectory("nightshift-v2-set-");
            ModelSetFolder.write(v2, noise, RandomModelSet.enhancerV2(seed), RandomModelSet.ratioEstimator(seed),
                    Map.of(), "a set of contract v2 (test)", "ModelSetHotReloadTest");
            publisher.publish(v2);
            assertEquals(noise, awaitServing(noise, Duration.ofSeconds(60)), "a v2 set is served");
            JobResult noiseResult = processed(s3, producer, results, batch, "NOISE_PLANES.DNG", 79);
            assertEquals(JobStatus.DONE, noiseResult.status(), noiseResult.toString());
            assertEquals(noise, noiseResult.modelSet());

            // rollback: announcing the older set again
            publisher.announce(original);
            assertEquals(original, awaitServing(original, Duration.ofSeconds(60)), "rolled back");
            JobResult rolledResult = processed(s3, producer, results, batch, "ROLLED_BACK.DNG", 78);
            assertEquals(original, rolledResult.modelSet());
        }
    }

    /** One job of a fresh DNG ({@code dngSeed}) sent, and its result. */
    private static JobResult processed(MinioClient s3, KafkaProducer<String, byte[]> producer,
            TopicReader<JobResult> results, String batch, String name, int dngSeed) throws Exception {
        Job job = Fixtures.job(batch, name, OutputFormat.JPEG, null);
        Fixtures.put(s3, RAW_BUCKET, job.source().key(), Fixtures.dng(400, 300, dngSeed));
        Fixtures.send(producer, WorkerPipelineTest.JOBS, job);
        return results.await(r -> r.jobId().equals(job.jobId()), l -> !l.isEmpty(), Duration.ofSeconds(60)).get(0);
    }
}
