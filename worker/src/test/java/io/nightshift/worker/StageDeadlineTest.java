package io.nightshift.worker;

import static io.nightshift.worker.testing.InProcessWorkers.awaitServing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.JobStatus;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.worker.app.Worker;
import io.nightshift.worker.testing.Fixtures;
import io.nightshift.worker.testing.InProcessWorkers;
import io.nightshift.worker.testing.InProcessWorkers.Topics;
import io.nightshift.worker.testing.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * A decode that never returns (issue 16 item 4; the test hook holds the stage as a thread stuck in native code
 * would): past its deadline it is charged to its job in the ledger and the worker stops being live while it runs;
 * the replacement worker dead-letters the job as {@code STAGE_TIMEOUT} at the crash limit (1 here) and completes its
 * neighbours.
 */
class StageDeadlineTest {

    private static final Duration DONE = Duration.ofSeconds(120);

    @Test
    void aDecodePastItsDeadlineIsChargedMakesTheWorkerNotLiveAndEndsAsStageTimeout() throws Exception {
        Topics topics = Topics.create("deadline");
        String batch = Fixtures.batchId("deadline");
        try (MinioClient s3 = Fixtures.stack().newS3Client(); KafkaProducer<String, byte[]> producer = Fixtures.producer();
             TopicReader<JobResult> results = TopicReader.results();
             TopicReader<DeadLetter> deadLetters = TopicReader.deadLetters()) {
            String set = InProcessWorkers.publish(InProcessWorkers.publisher(s3, topics, "default"),
                    Math.abs(System.nanoTime() % 1_000_000) + 11000);
            Map<String, String> settings = InProcessWorkers.settings("deadline-1", topics);
            settings.put("nightshift.worker.test-hooks.stall", "true");
            settings.put("nightshift.worker.deadlines.base", "3s");
            settings.put("nightshift.worker.deadlines.decode-per-megabyte", "0s");
            settings.put("nightshift.worker.crashes.max-crashes", "1");
            Job stuck = Fixtures.job(batch, "__nightshift_test_stall__.DNG", OutputFormat.JPEG, 50.0);
            Job first = Fixtures.job(batch, "IMG_1.DNG", OutputFormat.JPEG, 50.0);
            Job second = Fixtures.job(batch, "IMG_2.DNG", OutputFormat.JPEG, 50.0);
            int seed = 0;
            for (Job job : List.of(stuck, first, second)) {
                Fixtures.put(s3, Fixtures.RAW_BUCKET, job.source().key(), Fixtures.dng(96, 64, seed++));
            }
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (Worker worker = InProcessWorkers.start(settings, meters)) {
                awaitServing(worker, set, DONE);
                for (Job job : List.of(stuck, first, second)) {
                    Fixtures.send(producer, topics.jobs(), job);
                }
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (gauge(meters, "nightshift.worker.stages.overdue") < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertEquals(1.0, gauge(meters, "nightshift.worker.stages.overdue"), "the stuck decode is overdue");
                assertTrue(worker.overdueStage().orElse("").contains("decode of job " + stuck.jobId()),
                        "liveness DOWN naming it: " + worker.overdueStage());
                List<String> charges = Fixtures.list(s3, "nightshift-worker-state", "stage-timeouts/"
                        + stuck.jobId() + "/1/");
                assertEquals(1, charges.size(), "one overrun charged to the job: " + charges);
                assertEquals(List.of(), Fixtures.list(s3, "nightshift-worker-state", "native-entries/"
                        + stuck.jobId() + "/1/"), "charged as a timeout, not also as a native crash");
            }
            // the orchestrator replaced the process that was not live
            settings.put("nightshift.worker.id", "deadline-2");
            try (Worker replacement = InProcessWorkers.start(settings, new SimpleMeterRegistry())) {
                awaitServing(replacement, set, DONE);
                List<DeadLetter> letters = deadLetters.await(d -> d.job() != null && d.job().jobId().equals(stuck.jobId()),
                        l -> !l.isEmpty(), DONE);
                assertEquals(List.of("STAGE_TIMEOUT"), letters.stream().map(DeadLetter::errorClass).toList(),
                        "the stuck job, at the limit: " + letters.stream().map(DeadLetter::reason).toList());
                Set<String> neighbours = Set.of(first.jobId(), second.jobId());
                List<JobResult> done = results.await(r -> neighbours.contains(r.jobId()) && r.status() == JobStatus.DONE,
                        l -> l.stream().map(JobResult::jobId).distinct().count() >= 2, DONE);
                assertEquals(neighbours, done.stream().map(JobResult::jobId).collect(Collectors.toSet()),
                        "its neighbours are done");
            }
        }
    }

    private static double gauge(SimpleMeterRegistry meters, String name) {
        Gauge g = meters.find(name).gauge();
        return g == null ? -1 : g.value();
    }
}
