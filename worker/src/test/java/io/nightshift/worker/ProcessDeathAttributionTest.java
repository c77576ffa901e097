package io.nightshift.worker;

import static io.nightshift.worker.testing.Fixtures.RAW_BUCKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.MinioClient;
import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.JobStatus;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.worker.testing.Fixtures;
import io.nightshift.worker.testing.TopicReader;
import io.nightshift.worker.testing.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * A job that ends its worker outside native code: its engine stage exhausts the Java heap (the test hook), and the
 * JVM, started as the launcher starts it ({@code -XX:+ExitOnOutOfMemoryError}), exits with status 3. The jobs in
 * flight at a death are suspects when they come round (their in-flight markers); a suspect runs alone; the job is
 * dead-lettered as CRASHED_WORKER at 2 deaths on different workers, and its innocent neighbours — in flight at the
 * first death beside it, on the same partition — complete. Real worker processes on one partition.
 */
class ProcessDeathAttributionTest {

    private static final String IN_FLIGHT = "in-flight/";

    @Test
    void theCulpritOfTwoDeathsIsDeadLetteredAndTheJobsInFlightBesideItComplete() throws Exception {
        String topic = "nightshift.jobs.death-" + UUID.randomUUID().toString().substring(0, 6);
        Fixtures.createTopic(topic, 1);
        String batch = Fixtures.batchId("death");
        List<Job> neighbours = new ArrayList<>();
        List<Job> order = new ArrayList<>();
        Job culprit = Fixtures.job(batch, "__nightshift_test_out_of_memory__.DNG", OutputFormat.PNG16, 20.0);
        try (MinioClient s3 = Fixtures.stack().newS3Client();
                KafkaProducer<String, byte[]> producer = Fixtures.producer();
                TopicReader<JobResult> results = TopicReader.results();
                TopicReader<DeadLetter> deadLetters = TopicReader.deadLetters()) {
            for (int i = 0; i < 6; i++) {
                Job job = Fixtures.job(batch, "IMG_" + i + ".DNG", OutputFormat.PNG16, 20.0);
                Fixtures.put(s3, RAW_BUCKET, job.source().key(), Fixtures.dng(400, 300, i));
                neighbours.add(job);
                order.add(job);
                if (i == 1) {
                    order.add(culprit); // two before it, four behind it on the one partition
                }
            }
            Fixtures.put(s3, RAW_BUCKET, culprit.source().key(), Fixtures.dng(400, 300, 99));
            for (Job job : order) {
                Fixtures.send(producer, topic, job);
            }
            Set<String> neighbourIds = neighbours.stream().map(Job::jobId).collect(Collectors.toSet());

            Map<String, String> p = WorkerProcess.defaults("death");
            p.put("nightshift.worker.kafka.jobs-topic", topic);
            p.put("nightshift.worker.kafka.group", topic + "-workers");
            p.put("nightshift.worker.test-hooks.out-of-memory", "true");
            List<Integer> exits = new ArrayList<>();
            List<String> logs = new ArrayList<>();
            List<JobResult> all = List.of();
            for (int start = 1; start <= 4; start++) {
                p.put("nightshift.worker.id", "death-" + start);
                try (WorkerProcess worker = WorkerProcess.start("death-" + start, p, "256m")) {
                    while (worker.isAlive()) {
                        all = results.await(r -> r.batchId().equals(batch), l -> finished(l, neighbourIds, culprit),
                                Duration.ofSeconds(2));
                        if (finished(all, neighbourIds, culprit)) {
                            break;
                        }
                    }
                    OptionalInt exit = worker.awaitExit(Duration.ZERO);
                    logs.add(worker.log());
                    if (exit.isPresent()) {
                        exits.add(exit.getAsInt());
                        assertTrue(worker.log().contains("TEST HOOK: exhausting the heap for job " + culprit.jobId()),
                                worker.log());
                        continue;
                    }
                    worker.stop(Duration.ofSeconds(30));
                    break;
                }
            }
            assertEquals(List.of(3, 3), exits, "two deaths by OutOfMemoryError (status 3), then the limit: " + logs);
            assertTrue(logs.get(0).contains("Terminating due to java.lang.OutOfMemoryError"), logs.get(0));
            assertTrue(logs.get(1).contains(culprit.jobId() + " attempt 1 was in flight when 1 worker(s) died [death-1];"
                    + " running it alone"), logs.get(1));

            JobResult failed = all.stream().filter(r -> r.jobId().equals(culprit.jobId())).findFirst().orElseThrow();
            assertEquals(JobStatus.FAILED, failed.status());
            assertEquals(ErrorClass.CRASHED_WORKER.name(), failed.errorClass());
            assertTrue(failed.reason().contains("in flight when 2 different workers died [death-1, death-2]"),
                    failed.reason());
            assertEquals(neighbourIds, all.stream().filter(r -> r.status() == JobStatus.DONE).map(JobResult::jobId)
                    .collect(Collectors.toSet()), "every neighbour completes");
            assertTrue(all.stream().filter(r -> neighbourIds.contains(r.jobId()))
                    .allMatch(r -> r.status() == JobStatus.DONE), "no neighbour failed");
            DeadLetter letter = deadLetters.await(d -> d.job() != null && d.job().batchId().equals(batch),
                    l -> !l.isEmpty(), Duration.ofSeconds(30)).get(0);
            assertEquals(culprit.jobId(), letter.job().jobId(), "the only dead letter is the culprit's");
            assertEquals(ErrorClass.CRASHED_WORKER.name(), letter.errorClass());
            assertEquals(2, letter.attempts());
            assertEquals(1, deadLetters.settle(d -> d.job() != null && d.job().batchId().equals(batch),
                    Duration.ofSeconds(2)).size());

            // the ledger: the culprit in flight at both deaths; innocent jobs were in flight at the first beside it
            assertEquals(Set.of("death-1", "death-2"), workers(s3, culprit));
            int innocentAtDeath = 0;
            for (Job job : neighbours) {
                Set<String> at = workers(s3, job);
                assertTrue(at.isEmpty() || at.equals(Set.of("death-1")), job.jobId() + " charged only at the first: " + at);
                innocentAtDeath += at.isEmpty() ? 0 : 1;
            }
            assertTrue(innocentAtDeath > 0, "some neighbours were in flight at the first death, and still completed");
        }
    }

    private static boolean finished(List<JobResult> results, Set<String> neighbours, Job culprit) {
        Set<String> done = results.stream().filter(r -> r.status() == JobStatus.DONE).map(JobResult::jobId)
                .collect(Collectors.toSet());
        return done.containsAll(neighbours) && results.stream().anyMatch(r -> r.jobId().equals(culprit.jobId()));
    }

    /** The workers whose deaths the job was in flight at (their in-flight markers). */
    private static Set<String> workers(MinioClient s3, Job job) throws Exception {
        String folder = IN_FLIGHT + job.jobId() + "/1/";
        Set<String> workers = new TreeSet<>();
        for (String key : Fixtures.list(s3, "nightshift-worker-state", folder)) {
            workers.add(key.substring(folder.length()).split("/")[0]);
        }
        return workers;
    }
}
