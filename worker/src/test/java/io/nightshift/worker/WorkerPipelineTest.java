package io.nightshift.worker;

import static io.nightshift.worker.testing.Fixtures.OUT_BUCKET;
import static io.nightshift.worker.testing.Fixtures.RAW_BUCKET;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.MinioClient;
import io.nightshift.protocol.Camera;
import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.JobStatus;
import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.protocol.Stage;
import io.nightshift.raw.dng.DngFrame;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.nightshift.worker.testing.Fixtures;
import io.nightshift.worker.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Quarkus worker against the real broker and S3 server: jobs end to end, a redelivered job, every poison
 * kind dead-lettered with its error class while good jobs go on.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class WorkerPipelineTest {

    static final String JOBS = "nightshift.jobs";
    static MinioClient s3;
    static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void connect() {
        s3 = Fixtures.stack().newS3Client();
        producer = Fixtures.producer();
    }

    @AfterAll
    static void disconnect() throws Exception {
        producer.close();
        s3.close();
    }

    static void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (given().get("/q/health/ready").statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "worker not ready in 90 s: " + given().get("/q/health/ready").asString());
            Thread.sleep(200);
        }
    }

    @Test
    void manyJobsEndToEnd() throws Exception {
        awaitReady();
        String batch = Fixtures.batchId("many");
        // the raster formats; a dng job has its own test (WorkerDngOutputTest)
        OutputFormat[] formats = {OutputFormat.PNG16, OutputFormat.TIFF16, OutputFormat.JPEG};
        int[][] sizes = {{400, 300}, {512, 384}, {362, 242}};
        Map<String, Job> jobs = new LinkedHashMap<>();
        Map<String, int[]> frame = new LinkedHashMap<>();
        for (int i = 0; i < 9; i++) {
            int[] size = sizes[i % sizes.length];
            Job job = Fixtures.job(batch, "IMG_" + i + ".DNG", formats[i % formats.length], i % 4 == 0 ? 50.0 : null);
            Fixtures.put(s3, RAW_BUCKET, job.source().key(), Fixtures.dng(size[0], size[1], i));
            jobs.put(job.jobId(), job);
            frame.put(job.jobId(), size);
        }
        for (Job job : jobs.values()) {
            Fixtures.send(producer, JOBS, job);
        }
        List<JobResult> results;
        try (TopicReader<JobResult> reader = TopicReader.results()) {
            results = reader.await(r -> r.batchId().equals(batch), l -> l.size() >= jobs.size(), Duration.ofSeconds(120));
        }
        assertEquals(jobs.size(), results.size(), "one result per job: " + results);
        for (JobResult result : results) {
            Job job = jobs.get(result.jobId());
            assertEquals(JobStatus.DONE, result.status(), result.toString());
            assertEquals(job.output().key(), result.outputKey());
            assertNotNull(result.modelSet());
            DngFrame written = DngFrame.sonyLike(400, 300);
            assertEquals(new Camera(written.make(), written.model()), result.camera(), "the camera the DNG names");
            assertEquals(job.ratio() != null ? "GIVEN" : "ESTIMATED", result.ratioSource().name());
            if (job.ratio() != null) {
                assertEquals(50.0, result.ratio(), 1e-9);
            }
            assertEquals(java.util.EnumSet.allOf(Stage.class), java.util.EnumSet.copyOf(result.stageMs().keySet()),
                    "every stage timed: " + result.stageMs());
            byte[] output = Fixtures.get(s3, OUT_BUCKET, result.outputKey());
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(output));
            assertNotNull(image, "readable " + job.format());
            int[] size = frame.get(job.jobId());
            assertEquals(size[0], image.getWidth());
            assertEquals(size[1], image.getHeight());
            assertEquals(job.format() == OutputFormat.JPEG ? 8 : 16, image.getColorModel().getComponentSize(0));
            BufferedImage resultPreview = ImageIO.read(new ByteArrayInputStream(
                    Fixtures.get(s3, OUT_BUCKET, result.previewKeys().get(JobResult.PREVIEW_RESULT))));
            assertEquals(size[0], resultPreview.getWidth(), "result preview (under 1024: not scaled)");
            BufferedImage inputPreview = ImageIO.read(new ByteArrayInputStream(
                    Fixtures.get(s3, OUT_BUCKET, result.previewKeys().get(JobResult.PREVIEW_INPUT))));
            assertEquals(size[0] / 2, inputPreview.getWidth(), "input preview: one pixel per 2x2 block");
            assertEquals(size[1] / 2, inputPreview.getHeight());
        }
    }

    @Test
    void redeliveredJobGivesOneIdenticalOutput() throws Exception {
        awaitReady();
        String batch = Fixtures.batchId("redelivered");
        Job job = Fixtures.job(batch, "IMG_R.DNG", OutputFormat.PNG16, null);
        Fixtures.put(s3, RAW_BUCKET, job.source().key(), Fixtures.dng(400, 300, 7));
        try (TopicReader<JobResult> reader = TopicReader.results()) {
            Fixtures.send(producer, JOBS, job);
            reader.await(r -> r.jobId().equals(job.jobId()), l -> l.size() >= 1, Duration.ofSeconds(60));
            byte[] first = Fixtures.get(s3, OUT_BUCKET, job.output().key());
            byte[] firstPreview = Fixtures.get(s3, OUT_BUCKET, job.output().key() + ".preview.jpg");
            Fixtures.send(producer, JOBS, job);
            List<JobResult> results = reader.await(r -> r.jobId().equals(job.jobId()), l -> l.size() >= 2,
                    Duration.ofSeconds(60));
            assertEquals(2, results.size());
            results.forEach(r -> assertEquals(JobStatus.DONE, r.status()));
            assertArrayEquals(first, Fixtures.get(s3, OUT_BUCKET, job.output().key()), "same output bytes");
            assertArrayEquals(firstPreview, Fixtures.get(s3, OUT_BUCKET, job.output().key() + ".preview.jpg"));
            assertEquals(List.of(job.output().key(), job.output().key() + ".input.jpg", job.output().key() + ".preview.jpg"),
                    Fixtures.list(s3, OUT_BUCKET, "out/" + batch + "/").stream().sorted().toList(),
                    "one output and its two previews, nothing else");
        }
    }

    @Test
    void eachPoisonKindIsDeadLetteredWhileGoodJobsProceed() throws Exception {
        awaitReady();
        String batch = Fixtures.batchId("poison");
        Map<String, ErrorClass> expected = new LinkedHashMap<>();
        List<Job> good = new ArrayList<>();
        List<Runnable> sends = new ArrayList<>();

        Job good1 = Fixtures.job(batch, "GOOD_1.DNG", OutputFormat.JPEG, null);
        Job good2 = Fixtures.job(batch, "GOOD_2.DNG", OutputFormat.JPEG, null);
        for (Job g : List.of(good1, good2)) {
            Fixtures.put(s3, RAW_BUCKET, g.source().key(), Fixtures.dng(400, 300, 3));
            good.add(g);
        }
        Job missing = Fixtures.job(batch, "MISSING.DNG", OutputFormat.JPEG, null);
        expected.put(missing.jobId(), ErrorClass.OBJECT_MISSING);
        Job outside = withSource(Fixtures.job(batch, "OUTSIDE.DNG", OutputFormat.JPEG, null),
                new ObjectRef(RAW_BUCKET, "elsewhere/" + batch + "/OUTSIDE.DNG"));
        Fixtures.put(s3, RAW_BUCKET, outside.source().key(), Fixtures.dng(400, 300, 4));
        expected.put(outside.jobId(), ErrorClass.KEY_NOT_ALLOWED);
        Job badOutput = withOutput(Fixtures.job(batch, "BADOUT.DNG", OutputFormat.JPEG, null),
                new ObjectRef("nightshift-models", "sets/evil.jpg"));
        Fixtures.put(s3, RAW_BUCKET, badOutput.source().key(), Fixtures.dng(400, 300, 5));
        expected.put(badOutput.jobId(), ErrorClass.KEY_NOT_ALLOWED);
        Job tooLarge = Fixtures.job(batch, "HUGE.DNG", OutputFormat.JPEG, null);
        Fixtures.put(s3, RAW_BUCKET, tooLarge.source().key(), new byte[5_000_000]);
        expected.put(tooLarge.jobId(), ErrorClass.TOO_LARGE);
        Job garbage = Fixtures.job(batch, "GARBAGE.NEF", OutputFormat.JPEG, null);
        byte[] noise = new byte[100_000];
        new SplittableRandom(1).nextBytes(noise);
        Fixtures.put(s3, RAW_BUCKET, garbage.source().key(), noise);
        expected.put(garbage.jobId(), ErrorClass.DECODE_FAILED);
        Job linear = Fixtures.job(batch, "LINEAR.DNG", OutputFormat.JPEG, null);
        Fixtures.put(s3, RAW_BUCKET, linear.source().key(), Fixtures.linearDng(48, 32));
        expected.put(linear.jobId(), ErrorClass.UNSUPPORTED_SENSOR);
        String incompleteId = batch + "-incomplete";
        byte[] incomplete = ("{\"schemaVersion\":1,\"jobId\":\"" + incompleteId + "\",\"batchId\":\"" + batch
                + "\",\"attempt\":1,\"format\":\"jpeg\"}").getBytes(StandardCharsets.UTF_8);
        expected.put(incompleteId, ErrorClass.INVALID_MESSAGE);
        String garbageKey = batch + "-not-json";
        byte[] notJson = "{this is not json".getBytes(StandardCharsets.UTF_8);

        Fixtures.send(producer, JOBS, good1);
        for (Job j : List.of(missing, outside, badOutput, tooLarge, garbage, linear)) {
            Fixtures.send(producer, JOBS, j);
        }
        Fixtures.sendRaw(producer, JOBS, incompleteId, incomplete);
        Fixtures.sendRaw(producer, JOBS, garbageKey, notJson);
        Fixtures.send(producer, JOBS, good2);

        try (TopicReader<DeadLetter> deadLetters = TopicReader.deadLetters();
                TopicReader<JobResult> results = TopicReader.results()) {
            List<JobResult> all = results.await(r -> r.batchId().equals(batch),
                    l -> l.size() >= expected.size() + good.size(), Duration.ofSeconds(120));
            Map<String, JobResult> byJob = all.stream().collect(Collectors.toMap(JobResult::jobId, r -> r, (a, b) -> b));
            for (Job g : good) {
                assertEquals(JobStatus.DONE, byJob.get(g.jobId()).status(), "good job " + g.jobId());
            }
            expected.forEach((jobId, errorClass) -> {
                JobResult r = byJob.get(jobId);
                assertNotNull(r, "a FAILED result for " + jobId);
                assertEquals(JobStatus.FAILED, r.status());
                assertEquals(errorClass.name(), r.errorClass(), jobId + ": " + r.reason());
            });
            List<DeadLetter> letters = deadLetters.await(
                    d -> d.job() != null ? d.job().batchId().equals(batch)
                            : new String(d.rawPayload(), StandardCharsets.UTF_8).contains(batch)
                            || java.util.Arrays.equals(d.rawPayload(), notJson),
                    l -> l.size() >= expected.size() + 1, Duration.ofSeconds(30));
            Map<String, ErrorClass> dead = new LinkedHashMap<>();
            for (DeadLetter d : letters) {
                String id = d.job() != null ? d.job().jobId()
                        : java.util.Arrays.equals(d.rawPayload(), notJson) ? garbageKey : incompleteId;
                dead.put(id, d.knownErrorClass().orElseThrow());
            }
            Map<String, ErrorClass> wanted = new LinkedHashMap<>(expected);
            wanted.put(garbageKey, ErrorClass.INVALID_MESSAGE);
            assertEquals(wanted, dead, "one dead letter per poison job, with its class");
            DeadLetter unparsable = letters.stream().filter(d -> d.job() == null
                    && java.util.Arrays.equals(d.rawPayload(), notJson)).findFirst().orElseThrow();
            assertNull(unparsable.job());
            assertTrue(byJob.keySet().stream().noneMatch(id -> id.equals(garbageKey)), "no result without ids");
        }
    }

    private static Job withSource(Job job, ObjectRef source) {
        return new Job(job.jobId(), job.batchId(), job.attempt(), source, job.output(), job.format(), job.ratio(),
                Instant.now());
    }

    private static Job withOutput(Job job, ObjectRef output) {
        return new Job(job.jobId(), job.batchId(), job.attempt(), job.source(), output, job.format(), job.ratio(),
                Instant.now());
    }
}
