package io.nightshift.dispatcher.testing;

import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.Topic;
import io.nightshift.stack.LocalStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/** The test stack's real dead-letter topic: publishes protocol-v1 dead letters as a worker does, and reads them. */
public final class DeadLettersTopic {
    private DeadLettersTopic() {
    }

    /** Sends each dead letter keyed by its job id (a raw-payload one by {@code rawKey}) and waits for the broker. */
    public static void publish(String rawKey, DeadLetter... letters) {
        Properties p = LocalStack.shared().kafkaProperties();
        p.put("acks", "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (DeadLetter letter : letters) {
                producer.send(new ProducerRecord<>(Topic.DEAD_LETTERS.topicName(),
                        letter.job() != null ? letter.job().jobId() : rawKey, ProtocolJson.write(letter)));
            }
            producer.flush();
        }
    }

    /** Sends records as they are, keyed by the map's keys (for messages this code cannot write, e.g. a newer class). */
    public static void publishRaw(Map<String, byte[]> records) {
        Properties p = LocalStack.shared().kafkaProperties();
        p.put("acks", "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            records.forEach((key, value) -> producer.send(new ProducerRecord<>(Topic.DEAD_LETTERS.topicName(), key, value)));
            producer.flush();
        }
    }

    /** Every dead letter on the topic, from its start to its current end, matching the filter. */
    public static List<DeadLetter> read(Predicate<DeadLetter> filter) {
        List<DeadLetter> letters = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(Topic.DEAD_LETTERS.topicName())) {
            DeadLetter letter;
            try {
                letter = ProtocolJson.readDeadLetter(record.value());
            } catch (RuntimeException unreadable) {
                continue; // a record in a form this version cannot read (another test's future error class)
            }
            if (filter.test(letter)) {
                letters.add(letter);
            }
        }
        return letters;
    }
}
