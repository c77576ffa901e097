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
import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.stack.StandaloneS3;
import io.nightshift.worker.app.Worker;
import io.nightshift.worker.testing.Fixtures;
import io.nightshift.worker.testing.InProcessWorkers;
import io.nightshift.worker.testing.InProcessWorkers.Topics;
import io.nightshift.worker.testing.TcpProxy;
import io.nightshift.worker.testing.TopicReader;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * Store failures are attributed by checking a location the worker owns (issue 16 item 3): when that fails too — the
 * worker's credentials refused by a real S3 server, the store cut — the worker holds its jobs uncharged (no dead
 * letter, the environment gauge at 1) and completes them once the store takes it again; when only the job's output
 * bucket fails, that job alone is {@code OUTPUT_NOT_WRITABLE} and the others complete.
 */
class StoreEnvironmentTest {

    private static final Duration DONE = Duration.ofSeconds(120);

    @Test
    void refusedCredentialsHoldTheJobsInsteadOfDeadLetteringThem() throws Exception {
        Topics topics = Topics.create("credentials");
        URI s3 = URI.create(Fixtures.stack().s3Endpoint());
        // a real S3 server that does not know the worker's key: every request is refused (InvalidAccessKeyId, 403)
        try (StandaloneS3 stranger = StandaloneS3.start(Files.createTempDirectory("nightshift-s3-stranger-"),
                "someone-else", "someone-else-secret");
             TcpProxy store = new TcpProxy(s3.getPort())) {
            heldThenDone("credentials", topics, store, () -> store.retarget(stranger.port()),
                    () -> store.retarget(s3.getPort()));
        }
    }

    @Test
    void aStoreCutMidBatchHoldsTheJobsAndTheyCompleteWhenItReturns() throws Exception {
        Topics topics = Topics.create("store-cut");
        URI s3 = URI.create(Fixtures.stack().s3Endpoint());
        try (TcpProxy store = new TcpProxy(s3.getPort())) {
            heldThenDone("store-cut", topics, store, store::cut, store::restore);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void heldThenDone(String name, Topics topics, TcpProxy store, Step fail, Step repair)
            throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        String batch = Fixtures.batchId(name);
        try (MinioClient s3 = Fixtures.stack().newS3Client(); KafkaProducer<String, byte[]> producer = Fixtures.producer();
             TopicReader<JobResult> results = TopicReader.results();
             TopicReader<DeadLetter> deadLetters = TopicReader.deadLetters()) {
            String set = InProcessWorkers.publish(InProcessWorkers.publisher(s3, topics, "default"),
                    Math.abs(System.nanoTime() % 1_000_000) + 5000);
            Map<String, String> settings = InProcessWorkers.settings(name, topics);
            settings.put("nightshift.storage.endpoint", "http://127.0.0.1:" + store.port());
            List<Job> jobs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Job job = Fixtures.job(batch, "IMG_" + i + ".DNG", OutputFormat.JPEG, 50.0);
                Fixtures.put(s3, Fixtures.RAW_BUCKET, job.source().key(), Fixtures.dng(96, 64, i));
                jobs.add(job);
            }
            Set<String> ids = jobs.stream().map(Job::jobId).collect(Collectors.toSet());
            try (Worker worker = InProcessWorkers.start(settings, meters)) {
                awaitServing(worker, set, DONE);
                Fixtures.send(producer, topics.jobs(), jobs.get(0));
                results.await(r -> r.jobId().equals(jobs.get(0).jobId()), l -> !l.isEmpty(), DONE);

                fail.run();
                for (Job job : jobs.subList(1, jobs.size())) {
                    Fixtures.send(producer, topics.jobs(), job);
                }
                List<DeadLetter> letters = deadLetters.settle(d -> d.job() != null && ids.contains(d.job().jobId()),
                        Duration.ofSeconds(10));
                assertEquals(List.of(), letters.stream().map(d -> d.job().jobId() + " " + d.errorClass()).toList(),
                        "nothing is dead-lettered while the store refuses the worker itself");
                assertEquals(1.0, gauge(meters, "nightshift.worker.environment.down"),
                        "the worker says it holds its jobs (nightshift_worker_environment_down)");
                assertEquals(1, results.settle(r -> ids.contains(r.jobId()), Duration.ofMillis(500)).size(),
                        "no job finishes while the store refuses the worker: only the one before");

                repair.run();
                List<JobResult> done = results.await(r -> ids.contains(r.jobId()), l -> l.size() >= jobs.size(), DONE);
                assertEquals(ids, done.stream().filter(r -> r.status() == JobStatus.DONE)
                        .map(JobResult::jobId).collect(Collectors.toSet()), "every job done once the store takes the worker again");
                long waited = System.nanoTime();
                while (gauge(meters, "nightshift.worker.environment.down") != 0.0
                        && System.nanoTime() - waited < 10_000_000_000L) {
                    Thread.sleep(100);
                }
                assertEquals(0.0, gauge(meters, "nightshift.worker.environment.down"), "taking jobs again");
                for (Job job : jobs) {
                    assertTrue(Fixtures.exists(s3, Fixtures.OUT_BUCKET, job.output().key()), job.output().key());
                }
            }
            assertEquals(List.of(), deadLetters.settle(d -> d.job() != null && ids.contains(d.job().jobId()),
                    Duration.ofSeconds(1)).stream().map(DeadLetter::errorClass).toList(), "no dead letters at all");
        }
    }

    @Test
    void anOutputBucketThatDoesNotExistFailsThatJobAloneAsOutputNotWritable() throws Exception {
        Topics topics = Topics.create("output-gone");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        String batch = Fixtures.batchId("output-gone");
        try (MinioClient s3 = Fixtures.stack().newS3Client(); KafkaProducer<String, byte[]> producer = Fixtures.producer();
             TopicReader<JobResult> results = TopicReader.results();
             TopicReader<DeadLetter> deadLetters = TopicReader.deadLetters()) {
            String set = InProcessWorkers.publish(InProcessWorkers.publisher(s3, topics, "default"),
                    Math.abs(System.nanoTime() % 1_000_000) + 7000);
            Map<String, String> settings = InProcessWorkers.settings("output-gone", topics);
            // a tenant's output location the dispatcher allows, whose bucket nobody created
            settings.put("nightshift.worker.limits.output-locations", "nightshift-results,nightshift-gone");
            List<Job> jobs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Job job = Fixtures.job(batch, "IMG_" + i + ".DNG", OutputFormat.JPEG, 50.0);
                if (i == 1) {
                    job = new Job(job.jobId(), batch, 1, job.source(), new ObjectRef("nightshift-gone",
                            job.output().key()), job.format(), job.ratio(), job.submittedAt());
                }
                Fixtures.put(s3, Fixtures.RAW_BUCKET, job.source().key(), Fixtures.dng(96, 64, i));
                jobs.add(job);
            }
            Set<String> ids = jobs.stream().map(Job::jobId).collect(Collectors.toSet());
            try (Worker worker = InProcessWorkers.start(settings, meters)) {
                awaitServing(worker, set, DONE);
                for (Job job : jobs) {
                    Fixtures.send(producer, topics.jobs(), job);
                }
                List<JobResult> done = results.await(r -> ids.contains(r.jobId()), l -> l.size() >= jobs.size(), DONE);
                List<DeadLetter> letters = deadLetters.await(d -> d.job() != null && ids.contains(d.job().jobId()),
                        l -> !l.isEmpty(), Duration.ofSeconds(10));
                assertEquals(List.of(jobs.get(1).jobId() + " OUTPUT_NOT_WRITABLE"),
                        letters.stream().map(d -> d.job().jobId() + " " + d.errorClass()).toList(),
                        "the job whose output bucket does not exist, and only it");
                assertTrue(letters.get(0).reason().contains("NoSuchBucket"), letters.get(0).reason());
                assertEquals(Set.of(jobs.get(0).jobId(), jobs.get(2).jobId()), done.stream()
                        .filter(r -> r.status() == JobStatus.DONE).map(JobResult::jobId)
                        .collect(Collectors.toSet()), "its neighbours complete");
                assertEquals(0.0, gauge(meters, "nightshift.worker.environment.down"),
                        "one tenant's bad output does not stop the worker");
            }
        }
    }

    /** A gauge's value; -1 when the worker has no such gauge. */
    private static double gauge(SimpleMeterRegistry meters, String name) {
        Gauge g = meters.find(name).gauge();
        return g == null ? -1 : g.value();
    }
}
