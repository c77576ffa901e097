package io.nightshift.worker;

import static io.nightshift.worker.testing.InProcessWorkers.awaitServing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
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
 * ONNX Runtime failing to allocate (its own error, raised by the test hook) is the environment's (issue 16 item 3):
 * the job is held, run again from its download, and done — not dead-lettered {@code INTERNAL} after three tries; the
 * worker counts the outage and is back to taking jobs at the end; its neighbours are done.
 */
class EngineExhaustionHoldTest {

    @Test
    void anEngineThatCannotAllocateHoldsTheJobWhichIsDoneOnceItCan() throws Exception {
        Topics topics = Topics.create("exhaustion");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        String batch = Fixtures.batchId("exhaustion");
        try (MinioClient s3 = Fixtures.stack().newS3Client(); KafkaProducer<String, byte[]> producer = Fixtures.producer();
             TopicReader<JobResult> results = TopicReader.results();
             TopicReader<DeadLetter> deadLetters = TopicReader.deadLetters()) {
            String set = InProcessWorkers.publish(InProcessWorkers.publisher(s3, topics, "default"),
                    Math.abs(System.nanoTime() % 1_000_000) + 13000);
            Map<String, String> settings = InProcessWorkers.settings("exhaustion", topics);
            settings.put("nightshift.worker.test-hooks.engine-exhaustion", "true");
            List<Job> jobs = List.of(Fixtures.job(batch, "IMG_1.DNG", OutputFormat.JPEG, 50.0),
                    Fixtures.job(batch, "__nightshift_test_engine_exhaustion__.DNG", OutputFormat.JPEG, 50.0),
                    Fixtures.job(batch, "IMG_2.DNG", OutputFormat.JPEG, 50.0));
            int seed = 0;
            for (Job job : jobs) {
                Fixtures.put(s3, Fixtures.RAW_BUCKET, job.source().key(), Fixtures.dng(96, 64, seed++));
            }
            Set<String> ids = jobs.stream().map(Job::jobId).collect(Collectors.toSet());
            try (Worker worker = InProcessWorkers.start(settings, meters)) {
                awaitServing(worker, set, Duration.ofSeconds(120));
                for (Job job : jobs) {
                    Fixtures.send(producer, topics.jobs(), job);
                }
                List<JobResult> done = results.await(r -> ids.contains(r.jobId()), l -> l.size() >= jobs.size(),
                        Duration.ofSeconds(120));
                assertEquals(List.of(), deadLetters.settle(d -> d.job() != null && ids.contains(d.job().jobId()),
                        Duration.ofSeconds(1)).stream().map(d -> d.job().jobId() + " " + d.errorClass()).toList(),
                        "nothing dead-lettered for the engine's exhaustion");
                assertEquals(ids, done.stream().filter(r -> r.status() == JobStatus.DONE).map(JobResult::jobId)
                        .collect(Collectors.toSet()), "every job done, the exhausted one too");
                Counter outages = meters.find("nightshift.worker.environment.outages").counter();
                assertTrue(outages != null && outages.count() >= 1, "the exhaustion counted as an environment outage");
                assertEquals(0.0, meters.find("nightshift.worker.environment.down").gauge().value(),
                        "taking jobs again once the engine ran a job");
            }
        }
    }
}
