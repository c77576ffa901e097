package io.nightshift.dispatcher.notifications;

import io.nightshift.dispatcher.testing.DeadLettersTopic;
import io.nightshift.dispatcher.testing.JobsTopic;
import io.nightshift.dispatcher.testing.S3Fixtures;
import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.Topic;
import io.nightshift.stack.LocalStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bucket event whose job the broker refuses is not lost: the dispatcher tries again, and after its last try the
 * event is a dead letter with the reason; an event whose job the broker takes on a later try becomes a job and no
 * dead letter. The broker really refuses: the dispatcher's jobs topic here is one of its own whose
 * {@code max.message.bytes} is too small for a job record (RecordTooLargeException), raised and lowered by the test.
 */
@QuarkusTest
@QuarkusTestResource(value = NotificationDeliveryTest.SmallJobsTopic.class, restrictToAnnotatedClass = true)
class NotificationDeliveryTest {
    static final String JOBS = "nightshift.jobs-delivery-test";
    private static final Duration SEEN = Duration.ofSeconds(60);

    @Test
    void anEventIsRetriedThenDeadLetteredAndAJobTheBrokerTakesLaterIsPublished() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("delivery");

        // refused on every try: a dead letter with the event's bytes and the reason, and no job
        String refused = prefix + "refused.NEF";
        String refusedEvent = send(refused);
        List<DeadLetter> letters = await("the refused event's dead letter", () -> DeadLettersTopic.read(letter ->
                letter.rawPayload() != null && Arrays.equals(refusedEvent.getBytes(StandardCharsets.UTF_8),
                        letter.rawPayload())));
        DeadLetter letter = letters.get(0);
        assertEquals(ErrorClass.INTERNAL.name(), letter.errorClass());
        assertEquals(3, letter.attempts());
        assertTrue(letter.reason().contains("s3://nightshift-raw/" + refused) && letter.reason().contains("3 tries"),
                letter.reason());
        assertTrue(JobsTopic.read(JOBS, job -> job.source().key().equals(refused)).isEmpty());

        // refused at first, taken on a later try: a job, and no dead letter
        String late = prefix + "late.NEF";
        String lateEvent = send(late);
        Thread.sleep(1_500); // the first tries fail (1 s apart)
        maxMessageBytes(1_048_588);
        List<Job> jobs = await("the late event's job", () -> JobsTopic.read(JOBS, job -> job.source().key().equals(late)));
        assertEquals("enhanced/nightshift-raw/" + late + ".png", jobs.get(0).output().key());
        assertTrue(DeadLettersTopic.read(l -> l.rawPayload() != null
                && Arrays.equals(lateEvent.getBytes(StandardCharsets.UTF_8), l.rawPayload())).isEmpty(),
                "no dead letter for an event whose job was published");
    }

    private static String send(String key) throws Exception {
        String event = BucketNotificationTest.MinioEvents.event("s3:ObjectCreated:Put", "nightshift-raw", key, 2048L);
        Properties p = LocalStack.shared().kafkaProperties();
        p.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topic.BUCKET_EVENTS.topicName(), 0, "nightshift-raw/" + key, event)).get();
        }
        return event;
    }

    private static <T> List<T> await(String what, Supplier<List<T>> read) throws InterruptedException {
        long deadline = System.nanoTime() + SEEN.toNanos();
        while (true) {
            List<T> found = read.get();
            if (!found.isEmpty()) {
                return found;
            }
            assertTrue(System.nanoTime() < deadline, "not seen within " + SEEN.toSeconds() + " s: " + what);
            Thread.sleep(250);
        }
    }

    static void maxMessageBytes(int bytes) throws Exception {
        try (Admin admin = Admin.create(LocalStack.shared().kafkaProperties())) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, JOBS);
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                    new ConfigEntry("max.message.bytes", Integer.toString(bytes)), AlterConfigOp.OpType.SET))))
                    .all().get();
        }
    }

    /** The test stack with a jobs topic of this test's own, too small for a job record, and quick retries. */
    public static final class SmallJobsTopic implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try (Admin admin = Admin.create(LocalStack.shared().kafkaProperties())) {
                admin.createTopics(List.of(new NewTopic(JOBS, 1, (short) 1)
                        .configs(Map.of("max.message.bytes", "64")))).all().get();
            } catch (Exception e) {
                throw new IllegalStateException("cannot create " + JOBS + ": " + e, e);
            }
            Map<String, String> config = new HashMap<>(LocalStack.shared().config().serviceProperties());
            config.put("nightshift.dispatcher.topics.jobs", JOBS);
            config.put("nightshift.dispatcher.notifications.publish-attempts", "3");
            config.put("nightshift.dispatcher.notifications.initial-backoff", "1s");
            config.put("nightshift.dispatcher.notifications.max-backoff", "1s");
            return config;
        }

        @Override
        public void stop() {
            // the topic goes with the shared stack
        }
    }
}
