package io.nightshift.worker;

import static io.nightshift.worker.testing.Fixtures.OUT_BUCKET;
import static io.nightshift.worker.testing.Fixtures.RAW_BUCKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.MinioClient;
import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.JobStatus;
import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.worker.testing.Fixtures;
import io.nightshift.worker.testing.TcpProxy;
import io.nightshift.worker.testing.TopicReader;
import io.nightshift.worker.testing.WorkerProcess;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real worker processes that really die: SIGKILL mid-batch, a native crash inside the decode stage on every
 * try, and the object store gone for 15 s. Each test has its own jobs topic and consumer group, so the
 * Quarkus worker of the other test classes never takes these jobs.
 */
class WorkerProcessTest {

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

    private static Map<String, String> ownTopic(String name, String topic) {
        Map<String, String> p = WorkerProcess.defaults(name);
        p.put("nightshift.worker.kafka.jobs-topic", topic);
        p.put("nightshift.worker.kafka.group", topic + "-workers");
        return p;
    }

    private static List<Job> uploadJobs(String batch, int count, int width, int height) throws Exception {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Job job = Fixtures.job(batch, "IMG_" + i + ".DNG", OutputFormat.PNG16, 20.0);
            Fixtures.put(s3, RAW_BUCKET, job.source().key(), Fixtures.dng(width, height, i));
            jobs.add(job);
        }
        return jobs;
    }

    private static Set<String> doneIds(List<JobResult> results) {
        return results.stream().filter(r -> r.status() == JobStatus.DONE).map(JobResult::jobId).collect(Collectors.toSet());
    }

    private static void assertCompleteOutputs(String batch, List<Job> jobs, int width, int height) throws Exception {
        for (Job job : jobs) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Fixtures.get(s3, OUT_BUCKET, job.output().key())));
            assertNotNull(image, "complete, decodable output for " + job.jobId());
            assertEquals(width, image.getWidth());
            assertEquals(height, image.getHeight());
        }
        List<String> keys = Fixtures.list(s3, OUT_BUCKET, "out/" + batch + "/");
        assertEquals(jobs.size() * 3, keys.size(), "exactly one output and two previews per job, nothing else: " + keys);
    }

    @Test
    void sigkillMidBatchThenRestartGivesEveryJobOneCompleteOutput() throws Exception {
        String topic = "nightshift.jobs.kill-" + UUID.randomUUID().toString().substring(0, 6);
        Fixtures.createTopic(topic, 6);
        String batch = Fixtures.batchId("kill");
        List<Job> jobs = uploadJobs(batch, 16, 512, 384);
        Set<String> ids = jobs.stream().map(Job::jobId).collect(Collectors.toSet());
        try (TopicReader<JobResult> results = TopicReader.results()) {
            WorkerProcess first = WorkerProcess.start("kill-1", ownTopic("kill-1", topic));
            try (first) {
                for (Job job : jobs) {
                    Fixtures.send(producer, topic, job);
                }
                List<JobResult> before = results.await(r -> r.batchId().equals(batch),
                        l -> l.size() >= 4 || !first.isAlive(), Duration.ofSeconds(180));
                assertTrue(before.size() >= 4, "some jobs done before the kill: " + first.log());
                first.kill();
                assertTrue(doneIds(before).size() < ids.size(), "killed mid-batch");
            }
            try (WorkerProcess second = WorkerProcess.start("kill-2", ownTopic("kill-2", topic))) {
                List<JobResult> all = results.await(r -> r.batchId().equals(batch),
                        l -> doneIds(l).containsAll(ids) || !second.isAlive(), Duration.ofSeconds(120));
                assertEquals(ids, doneIds(all), "every job done after the restart: " + second.log());
                assertTrue(all.stream().allMatch(r -> r.status() == JobStatus.DONE), "no failures");
                assertEquals(143, second.stop(Duration.ofSeconds(30)), "ended by SIGTERM after its shutdown hook");
                assertTrue(second.log().contains("job consumer stopped"), second.log());
                assertTrue(second.log().contains("worker kill-2 stopped"), second.log());
            }
        }
        assertCompleteOutputs(batch, jobs, 512, 384);
    }

    @Test
    void sigtermFinishesTheJobsInFlightCommitsThemAndLeavesTheRestForTheNextWorker() throws Exception {
        String topic = "nightshift.jobs.term-" + UUID.randomUUID().toString().substring(0, 6);
        Fixtures.createTopic(topic, 1);
        String batch = Fixtures.batchId("term");
        List<Job> jobs = uploadJobs(batch, 10, 512, 384);
        Set<String> ids = jobs.stream().map(Job::jobId).collect(Collectors.toSet());
        Map<String, String> p = ownTopic("term-1", topic);
        p.put("nightshift.worker.shutdown-grace", "30s");
        try (TopicReader<JobResult> results = TopicReader.results()) {
            int doneByFirst;
            try (WorkerProcess first = WorkerProcess.start("term-1", p)) {
                for (Job job : jobs) {
                    Fixtures.send(producer, topic, job);
                }
                List<JobResult> before = results.await(r -> r.batchId().equals(batch),
                        l -> !l.isEmpty() || !first.isAlive(), Duration.ofSeconds(180));
                assertTrue(!before.isEmpty(), "the worker works before the SIGTERM: " + first.log());
                first.stop(Duration.ofSeconds(60));
                String log = first.log();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "job consumer stopped: (\\d+) job\\(s\\) in flight at shutdown, (\\d+) finished within 30 s, 0 abandoned")
                        .matcher(log);
                assertTrue(m.find(), "drained in the grace period: " + log);
                assertTrue(Integer.parseInt(m.group(1)) > 0, "jobs were in flight at the SIGTERM: " + m.group());
                doneByFirst = (int) log.lines().filter(l -> l.contains(" DONE in ")).count();
            }
            assertTrue(doneByFirst < ids.size(), "the SIGTERM came mid-batch");
            try (WorkerProcess second = WorkerProcess.start("term-2", ownTopic("term-2", topic))) {
                List<JobResult> all = results.await(r -> r.batchId().equals(batch),
                        l -> doneIds(l).containsAll(ids) || !second.isAlive(), Duration.ofSeconds(120));
                assertEquals(ids, doneIds(all), second.log());
                List<JobResult> settled = results.settle(r -> r.batchId().equals(batch), Duration.ofSeconds(3));
                assertEquals(ids.size(), settled.size(),
                        "each job ran once: what the first worker finished was committed before it left");
            }
        }
        assertCompleteOutputs(batch, jobs, 512, 384);
    }

    @Test
    void jobThatCrashesTheProcessNativelyIsDeadLetteredAfterTheLimitAndItsNeighboursComplete() throws Exception {
        String topic = "nightshift.jobs.crash-" + UUID.randomUUID().toString().substring(0, 6);
        Fixtures.createTopic(topic, 2);
        String batch = Fixtures.batchId("crash");
        List<Job> good = uploadJobs(batch, 5, 400, 300);
        Job crasher = Fixtures.job(batch, "__nightshift_test_native_crash__.DNG", OutputFormat.PNG16, 20.0);
        Fixtures.put(s3, RAW_BUCKET, crasher.source().key(), Fixtures.dng(400, 300, 99));
        Map<String, String> p = ownTopic("crash", topic);
        p.put("nightshift.worker.test-hooks.native-crash", "true");
        p.put("nightshift.worker.crashes.max-crashes", "2");
        Set<String> goodIds = good.stream().map(Job::jobId).collect(Collectors.toSet());

        List<Integer> exits = new ArrayList<>();
        try (TopicReader<JobResult> results = TopicReader.results(); TopicReader<DeadLetter> deadLetters = TopicReader.deadLetters()) {
            Fixtures.send(producer, topic, crasher);
            for (Job job : good) {
                Fixtures.send(producer, topic, job);
            }
            List<JobResult> all = List.of();
            for (int start = 1; start <= 4; start++) {
                try (WorkerProcess worker = WorkerProcess.start("crash-" + start, p)) {
                    while (worker.isAlive()) {
                        all = results.await(r -> r.batchId().equals(batch),
                                l -> doneIds(l).containsAll(goodIds) && l.stream().anyMatch(r -> r.jobId().equals(crasher.jobId())),
                                Duration.ofSeconds(2));
                        if (doneIds(all).containsAll(goodIds) && all.stream().anyMatch(r -> r.jobId().equals(crasher.jobId()))) {
                            break;
                        }
                    }
                    OptionalInt exit = worker.awaitExit(Duration.ZERO);
                    if (exit.isPresent()) {
                        exits.add(exit.getAsInt());
                        assertTrue(worker.log().contains("TEST HOOK: crashing the process in native code"), worker.log());
                        continue;
                    }
                    worker.stop(Duration.ofSeconds(30));
                    break;
                }
            }
            assertEquals(List.of(134, 134), exits, "two native crashes (SIGABRT), then the limit");
            JobResult failed = all.stream().filter(r -> r.jobId().equals(crasher.jobId())).findFirst().orElseThrow();
            assertEquals(JobStatus.FAILED, failed.status());
            assertEquals(ErrorClass.CRASHED_WORKER.name(), failed.errorClass());
            assertEquals(goodIds, doneIds(all), "the jobs beside it complete");
            DeadLetter letter = deadLetters.await(d -> d.job() != null && d.job().jobId().equals(crasher.jobId()),
                    l -> !l.isEmpty(), Duration.ofSeconds(30)).get(0);
            assertEquals(ErrorClass.CRASHED_WORKER.name(), letter.errorClass());
            assertEquals(2, letter.attempts());
        }
        for (Job job : good) {
            assertEquals(List.of(), Fixtures.list(s3, "nightshift-worker-state", "native-entries/" + job.jobId() + "/"),
                    "innocent jobs are not charged");
        }
        assertEquals(2, Fixtures.list(s3, "nightshift-worker-state",
                "native-entries/" + crasher.jobId() + "/1/").size(), "one marker per crash");
        assertCompleteOutputs(batch, good, 400, 300);
    }

    @Test
    void objectStoreGoneFor15SecondsEveryJobCompletesNoneDeadLettered() throws Exception {
        String topic = "nightshift.jobs.outage-" + UUID.randomUUID().toString().substring(0, 6);
        Fixtures.createTopic(topic, 3);
        String batch = Fixtures.batchId("outage");
        List<Job> jobs = uploadJobs(batch, 10, 400, 300);
        Set<String> ids = jobs.stream().map(Job::jobId).collect(Collectors.toSet());
        int s3Port = URI.create(Fixtures.stack().s3Endpoint()).getPort();
        try (TcpProxy proxy = new TcpProxy(s3Port);
                TopicReader<JobResult> results = TopicReader.results();
                TopicReader<DeadLetter> deadLetters = TopicReader.deadLetters()) {
            Map<String, String> p = ownTopic("outage", topic);
            p.put("nightshift.storage.endpoint", "http://127.0.0.1:" + proxy.port());
            try (WorkerProcess worker = WorkerProcess.start("outage", p)) {
                for (Job job : jobs) {
                    Fixtures.send(producer, topic, job);
                }
                List<JobResult> before = results.await(r -> r.batchId().equals(batch),
                        l -> l.size() >= 2 || !worker.isAlive(), Duration.ofSeconds(180));
                assertTrue(before.size() >= 2, "jobs done before the outage: " + worker.log());
                proxy.cut();
                Instant cut = Instant.now();
                Thread.sleep(15_000);
                proxy.restore();
                List<JobResult> all = results.await(r -> r.batchId().equals(batch),
                        l -> doneIds(l).containsAll(ids) || !worker.isAlive(), Duration.ofSeconds(120));
                assertEquals(ids, doneIds(all), worker.log());
                assertTrue(all.stream().allMatch(r -> r.status() == JobStatus.DONE), "no job failed: " + all);
                assertTrue(doneIds(before).size() < ids.size(), "the outage hit the batch mid-way");
                // the worker's own location failed too: it held its jobs and said so, once each way
                assertTrue(worker.log().contains("stops taking jobs and holds them uncharged")
                        && worker.log().contains("takes jobs again"), "the hold was logged: " + worker.log());
                assertTrue(Duration.between(cut, Instant.now()).toSeconds() >= 15);
                assertEquals(List.of(), deadLetters.settle(d -> d.job() != null && d.job().batchId().equals(batch),
                        Duration.ofSeconds(2)), "none dead-lettered");
                worker.stop(Duration.ofSeconds(30));
            }
        }
        assertCompleteOutputs(batch, jobs, 400, 300);
    }
}
