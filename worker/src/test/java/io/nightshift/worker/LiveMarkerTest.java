package io.nightshift.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * A job whose in-flight markers name two other workers, one dead and one alive — still finishing the job's upload
 * after its partition was revoked, as `./nightshift chaos` caught it — is not dead-lettered for two deaths: screening
 * counts again for a while, the live worker's marker goes, and the job runs (alone: one death) and is done. Before,
 * the good job was dead-lettered CRASHED_WORKER at once.
 */
class LiveMarkerTest {

    @Test
    void aLiveWorkersMarkerIsNoDeath() throws Exception {
        Topics topics = Topics.create("live-marker");
        long seed = Math.abs(System.nanoTime() % 1_000_000) + 7000;
        String batch = Fixtures.batchId("live-marker");
        Job job = Fixtures.job(batch, "LIVE.DNG", OutputFormat.JPEG, null);
        String folder = "in-flight/" + job.jobId() + "/1/";
        try (MinioClient s3 = Fixtures.stack().newS3Client();
             KafkaProducer<String, byte[]> producer = Fixtures.producer();
             TopicReader<JobResult> results = TopicReader.results();
             TopicReader<DeadLetter> deadLetters = TopicReader.deadLetters()) {
            String set = InProcessWorkers.publish(InProcessWorkers.publisher(s3, topics, "default"), seed);
            Fixtures.put(s3, Fixtures.RAW_BUCKET, job.source().key(), Fixtures.dng(200, 150, seed));
            byte[] marker = "in flight\n".getBytes(StandardCharsets.UTF_8);
            Fixtures.put(s3, "nightshift-worker-state", folder + "dead-worker/m1", marker);
            Fixtures.put(s3, "nightshift-worker-state", folder + "live-worker/m2", marker);
            Map<String, String> settings = InProcessWorkers.settings("live-marker", topics);
            try (Worker worker = InProcessWorkers.start(settings, new SimpleMeterRegistry())) {
                InProcessWorkers.awaitServing(worker, set, Duration.ofSeconds(60));
                Fixtures.send(producer, topics.jobs(), job);
                Thread.sleep(3000); // the live worker finishes its upload and removes its marker
                s3.removeObject(RemoveObjectArgs.builder().bucket("nightshift-worker-state")
                        .object(folder + "live-worker/m2").build());
                List<JobResult> done = results.await(r -> r.jobId().equals(job.jobId()), l -> !l.isEmpty(),
                        Duration.ofSeconds(60));
                assertEquals(1, done.size(), "a result");
                assertEquals(JobStatus.DONE, done.get(0).status(), done.get(0).toString());
                assertEquals(List.of(), deadLetters.settle(d -> d.job() != null && d.job().jobId().equals(job.jobId()),
                        Duration.ofSeconds(2)), "no dead letter");
                assertTrue(Fixtures.exists(s3, Fixtures.OUT_BUCKET, job.output().key()), "its output");
            }
        }
    }
}
