package io.nightshift.dispatcher.notifications;

import io.nightshift.dispatcher.progress.Progress;
import io.nightshift.dispatcher.testing.DeadLettersTopic;
import io.nightshift.dispatcher.testing.JobsTopic;
import io.nightshift.dispatcher.testing.S3Fixtures;
import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.protocol.Topic;
import io.nightshift.stack.LocalStack;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MinIO's Kafka notification target publishes S3 event records on the bucket-events topic; object-created
 * events of RAW files in the source bucket become jobs, everything else is ignored, malformed records become dead
 * letters.
 * All records go to one partition so that the last one (a RAW file) is handled after the others.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class BucketNotificationTest {
    @Inject
    Progress progress;

    @Test
    void createdRawFilesBecomeJobsAndTheRestIsIgnored() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("events");
        // MinIO's encoding of this key: %2F, + for spaces, %2B, %28/%29, UTF-8 %XX (MinioEvents.event)
        String spaced = prefix + "2024/Nacht in K\u00f6ln (1)+\u00e9t\u00e9.NEF";
        String sentinel = prefix + "zz-last.CR3";
        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, "nightshift-raw/" + prefix + "removed.NEF",
                    MinioEvents.event("s3:ObjectRemoved:Delete", "nightshift-raw", prefix + "removed.NEF", null));
            send(producer, "nightshift-raw/" + prefix + "photo.jpg",
                    MinioEvents.event("s3:ObjectCreated:Put", "nightshift-raw", prefix + "photo.jpg", 5120L));
            send(producer, "nightshift-results/" + prefix + "out.NEF",
                    MinioEvents.event("s3:ObjectCreated:Put", "nightshift-results", prefix + "out.NEF", 5120L));
            send(producer, "garbage", "this is not JSON {");
            send(producer, "nightshift-raw/x", "{\"EventName\":\"s3:ObjectCreated:Put\",\"Key\":\"nightshift-raw/x\"}");
            send(producer, "nightshift-raw/" + prefix + "broken.NEF",
                    "{\"EventName\":\"s3:ObjectCreated:Put\",\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{}}]}");
            send(producer, "nightshift-raw/" + spaced,
                    MinioEvents.event("s3:ObjectCreated:CompleteMultipartUpload", "nightshift-raw", spaced, 24_117_248L));
            send(producer, "nightshift-raw/" + sentinel,
                    MinioEvents.event("s3:ObjectCreated:Put", "nightshift-raw", sentinel, 1024L));
            producer.flush();
        }

        List<Job> jobs = awaitJobs(prefix, sentinel);
        Map<String, Job> byKey = jobs.stream().collect(Collectors.toMap(j -> j.source().key(), j -> j, (a, b) -> a));
        assertEquals(java.util.Set.of(spaced, sentinel), byKey.keySet());
        Job job = byKey.get(spaced);
        String day = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
        assertTrue(job.batchId().equals("notifications-" + day)
                || job.batchId().equals("notifications-" + LocalDate.now(ZoneOffset.UTC).minusDays(1)
                .format(DateTimeFormatter.BASIC_ISO_DATE)), job.batchId());
        assertEquals("nightshift-raw", job.source().bucket());
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", job.source().etag());
        assertEquals("nightshift-results", job.output().bucket());
        assertEquals("enhanced/nightshift-raw/" + spaced + ".png", job.output().key(),
                "a notification's output key keeps its source bucket (two buckets, one key: two outputs)");
        assertEquals(OutputFormat.PNG16, job.format());

        // the unreadable record is not dropped: it is a dead letter with its bytes and the reason
        byte[] garbage = "this is not JSON {".getBytes(StandardCharsets.UTF_8);
        List<DeadLetter> letters = DeadLettersTopic.read(letter -> letter.rawPayload() != null
                && Arrays.equals(garbage, letter.rawPayload()));
        assertEquals(1, letters.size(), "one dead letter for the malformed record: " + letters);
        assertEquals(ErrorClass.INVALID_MESSAGE.name(), letters.get(0).errorClass());
        assertTrue(letters.get(0).reason().startsWith("malformed bucket event"), letters.get(0).reason());
    }

    /**
     * MinIO's Kafka target delivers at least once (and a restarted consumer group re-reads uncommitted events):
     * a redelivered event republishes the same job id, and the day's batch counts it once in {@code published},
     * also after the progress component re-reads the topics.
     */
    @Test
    void aRedeliveredEventCountsOnce() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("redelivered");
        String twice = prefix + "twice.NEF";
        String sentinel = prefix + "zz-once.DNG";
        String batchId = "notifications-" + LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
        assertTrue(progress.awaitCaughtUp(Duration.ofSeconds(60)));
        long before = publishedOf(batchId);

        try (KafkaProducer<String, String> producer = producer()) {
            String event = MinioEvents.event("s3:ObjectCreated:Put", "nightshift-raw", twice, 2048L);
            send(producer, "nightshift-raw/" + twice, event);
            send(producer, "nightshift-raw/" + twice, event); // the same record again
            send(producer, "nightshift-raw/" + sentinel,
                    MinioEvents.event("s3:ObjectCreated:Put", "nightshift-raw", sentinel, 1024L));
            producer.flush();
        }
        List<Job> jobs = awaitJobs(prefix, sentinel);
        assertEquals(2, jobs.stream().filter(job -> job.source().key().equals(twice)).count(),
                "the redelivered event was published again: " + jobs);
        assertEquals(1, jobs.stream().filter(job -> job.source().key().equals(twice)).map(Job::jobId).distinct()
                .count(), "both records of the redelivered event carry one job id");
        assertTrue(jobs.stream().allMatch(job -> job.batchId().equals(batchId)), "the day changed during the test");

        assertTrue(progress.awaitCaughtUp(Duration.ofSeconds(60)));
        assertEquals(before + 2, publishedOf(batchId));
        progress.restart();
        assertTrue(progress.awaitCaughtUp(Duration.ofSeconds(60)));
        assertEquals(before + 2, publishedOf(batchId));
    }

    private static long publishedOf(String batchId) {
        var response = given().when().get("/api/batches/" + batchId);
        return response.statusCode() == 404 ? 0 : response.then().statusCode(200).extract().jsonPath().getLong("published");
    }

    private static List<Job> awaitJobs(String prefix, String sentinel) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            List<Job> jobs = JobsTopic.read(job -> job.source().key().startsWith(prefix));
            if (jobs.stream().anyMatch(job -> job.source().key().equals(sentinel))) {
                return jobs;
            }
            assertTrue(System.nanoTime() < deadline, "no job for the last event within 60 s; jobs: " + jobs);
            Thread.sleep(200);
        }
    }

    private static KafkaProducer<String, String> producer() {
        Properties p = LocalStack.shared().kafkaProperties();
        p.put("acks", "all");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(Topic.BUCKET_EVENTS.topicName(), 0, key, value)).get();
    }

    /** Event records in the shape MinIO's Kafka target publishes (MinIO docs, "Publish events to Kafka"). */
    public static final class MinioEvents {
        public static String event(String eventName, String bucket, String key, Long size) {
            String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8);
            String object = "\"key\":\"" + encoded + "\""
                    + (size == null ? "" : ",\"size\":" + size + ",\"eTag\":\"d41d8cd98f00b204e9800998ecf8427e\","
                    + "\"contentType\":\"application/octet-stream\",\"userMetadata\":{\"content-type\":\"application/octet-stream\"}")
                    + ",\"sequencer\":\"17A9B5C4C3D2E1F0\"";
            return "{\"EventName\":\"" + eventName + "\",\"Key\":\"" + bucket + "/" + key + "\",\"Records\":[{"
                    + "\"eventVersion\":\"2.0\",\"eventSource\":\"minio:s3\",\"awsRegion\":\"\","
                    + "\"eventTime\":\"2026-11-26T16:20:00.000Z\",\"eventName\":\"" + eventName + "\","
                    + "\"userIdentity\":{\"principalId\":\"minioadmin\"},"
                    + "\"requestParameters\":{\"principalId\":\"minioadmin\",\"region\":\"\",\"sourceIPAddress\":\"10.0.0.7\"},"
                    + "\"responseElements\":{\"x-amz-id-2\":\"dd9025bab4ad464b049177c95eb6ebf374d3b3fd1af9251148b658df7ac2e3e8\","
                    + "\"x-amz-request-id\":\"17A9B5C4C3D2E1F0\",\"x-minio-deployment-id\":\"2d4d6cb4-5d3b-4ad1-9f08-0b5c7a1c3e11\","
                    + "\"x-minio-origin-endpoint\":\"http://10.0.0.5:9000\"},"
                    + "\"s3\":{\"s3SchemaVersion\":\"1.0\",\"configurationId\":\"Config\","
                    + "\"bucket\":{\"name\":\"" + bucket + "\",\"ownerIdentity\":{\"principalId\":\"minioadmin\"},"
                    + "\"arn\":\"arn:aws:s3:::" + bucket + "\"},"
                    + "\"object\":{" + object + "}},"
                    + "\"source\":{\"host\":\"10.0.0.7\",\"port\":\"\",\"userAgent\":\"MinIO (linux; amd64) minio-go/v7.0.70 mc/RELEASE.2024-06-12T14-34-03Z\"}"
                    + "}]}";
        }
    }
}
