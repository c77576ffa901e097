package io.nightshift.worker;

import static io.nightshift.worker.testing.InProcessWorkers.awaitServing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.nightshift.worker.testing.TcpProxy;
import io.nightshift.worker.testing.TopicReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * A transfer that hangs — the store's connection open, no byte coming — is given up after {@code storage.timeout}
 * and retried (issue 16 item 4): with the next two connections the worker opens stalled by a TCP proxy in front of a
 * real S3 server, a batch sent afterwards is done within 30 s, nothing dead-lettered. With the SDK's defaults a
 * stalled request waits 5 minutes.
 */
class StalledTransferTest {

    @Test
    void stalledConnectionsAreGivenUpAndTheBatchCompletesWithin30Seconds() throws Exception {
        Topics topics = Topics.create("stalled");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        String batch = Fixtures.batchId("stalled");
        URI endpoint = URI.create(Fixtures.stack().s3Endpoint());
        try (MinioClient s3 = Fixtures.stack().newS3Client(); KafkaProducer<String, byte[]> producer = Fixtures.producer();
             TopicReader<JobResult> results = TopicReader.results();
             TopicReader<DeadLetter> deadLetters = TopicReader.deadLetters();
             TcpProxy store = new TcpProxy(endpoint.getPort())) {
            String set = InProcessWorkers.publish(InProcessWorkers.publisher(s3, topics, "default"),
                    Math.abs(System.nanoTime() % 1_000_000) + 9000);
            Map<String, String> settings = InProcessWorkers.settings("stalled", topics);
            settings.put("nightshift.storage.endpoint", "http://127.0.0.1:" + store.port());
            settings.put("nightshift.storage.timeout", "3s");
            List<Job> jobs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Job job = Fixtures.job(batch, "IMG_" + i + ".DNG", OutputFormat.JPEG, 50.0);
                Fixtures.put(s3, Fixtures.RAW_BUCKET, job.source().key(), Fixtures.dng(96, 64, i));
                jobs.add(job);
            }
            Set<String> ids = jobs.stream().map(Job::jobId).collect(Collectors.toSet());
            Worker worker = InProcessWorkers.start(settings, meters);
            try {
                awaitServing(worker, set, Duration.ofSeconds(120));
                Fixtures.send(producer, topics.jobs(), jobs.get(0));
                results.await(r -> r.jobId().equals(jobs.get(0).jobId()), l -> !l.isEmpty(), Duration.ofSeconds(120));

                // the next two connections hang: accepted, no byte passes
                store.stallNextConnections(2);
                long sent = System.nanoTime();
                for (Job job : jobs.subList(1, jobs.size())) {
                    Fixtures.send(producer, topics.jobs(), job);
                }
                List<JobResult> done = results.await(r -> ids.contains(r.jobId()), l -> l.size() >= jobs.size(),
                        Duration.ofSeconds(30));
                long seconds = Duration.ofNanos(System.nanoTime() - sent).toSeconds();
                assertEquals(ids, done.stream().filter(r -> r.status() == JobStatus.DONE).map(JobResult::jobId)
                        .collect(Collectors.toSet()), "every job done within 30 s of the stall (took " + seconds + " s)");
                assertEquals(List.of(), deadLetters.settle(d -> d.job() != null && ids.contains(d.job().jobId()),
                        Duration.ofSeconds(1)).stream().map(DeadLetter::errorClass).toList(), "nothing dead-lettered");
                assertTrue(meters.find("nightshift.worker.retries").counters().stream().mapToDouble(c -> c.count()).sum()
                        + meters.find("nightshift.worker.environment.outages").counters().stream()
                        .mapToDouble(c -> c.count()).sum() > 0, "the stalled requests were given up and retried");
            } finally {
                store.flow(); // before the worker closes: a request still stalled completes
                worker.close();
            }
        }
    }
}
