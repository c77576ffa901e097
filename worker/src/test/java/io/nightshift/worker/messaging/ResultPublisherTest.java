package io.nightshift.worker.messaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.worker.failure.TransientFailure;
import io.nightshift.worker.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The producer's refusals against the real broker: what sending again cannot change (a record over the topic's or
 * the producer's size limit, an invalid topic) is refused at once, not classed as transient and retried without end.
 */
class ResultPublisherTest {

    private static ResultPublisher publisher(String deadLettersTopic) {
        String bootstrap = Fixtures.stack().kafkaProperties().getProperty("bootstrap.servers");
        return new ResultPublisher(new KafkaSettings(bootstrap, Map.of()), "result-publisher-test",
                "nightshift.results", deadLettersTopic, Duration.ofSeconds(20));
    }

    private static DeadLetter rawOf(int bytes) {
        return new DeadLetter(null, new byte[bytes], ErrorClass.INVALID_MESSAGE, "test", 1, "test-worker", Instant.now());
    }

    private static void assertRefusedAtOnce(ResultPublisher publisher, DeadLetter letter, String kafkaError) {
        long start = System.nanoTime();
        RuntimeException refused = assertThrows(RuntimeException.class, () -> publisher.deadLetter("k", letter));
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertFalse(refused instanceof TransientFailure, "not transient (it would be retried forever): " + refused);
        assertTrue(refused.getMessage().contains(kafkaError), refused.getMessage());
        assertTrue(seconds < 10, "refused at once, not after the send timeout: " + seconds + " s");
    }

    @Test
    void aRecordOverTheTopicsLimitIsRefusedNotTransient() throws Exception {
        String topic = "nightshift.dead-letters.small-" + UUID.randomUUID().toString().substring(0, 6);
        Fixtures.createTopic(topic, 1, Map.of("max.message.bytes", "4096"));
        try (ResultPublisher publisher = publisher(topic)) {
            publisher.deadLetter("k", rawOf(1000)); // one that fits goes through
            assertRefusedAtOnce(publisher, rawOf(8000), "RecordTooLargeException");
            publisher.deadLetter("k", rawOf(1000)); // and the producer goes on afterwards
        }
    }

    @Test
    void aRecordOverTheProducersLimitIsRefusedNotTransient() throws Exception {
        try (ResultPublisher publisher = publisher("nightshift.dead-letters")) {
            assertRefusedAtOnce(publisher, rawOf(1_200_000), "RecordTooLargeException");
        }
    }

    @Test
    void anInvalidTopicIsRefusedNotTransient() {
        try (ResultPublisher publisher = publisher("not a valid topic!")) {
            assertRefusedAtOnce(publisher, rawOf(10), "InvalidTopicException");
        }
    }
}
