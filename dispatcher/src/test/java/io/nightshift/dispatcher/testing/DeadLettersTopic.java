package io.nightshift.dispatcher.testing;

import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Reads the test stack's real dead-letter topic from its start to its current end. */
public final class DeadLettersTopic {
    private DeadLettersTopic() {
    }

    /** Every dead letter matching the filter. */
    public static List<DeadLetter> read(Predicate<DeadLetter> filter) {
        List<DeadLetter> letters = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(Topic.DEAD_LETTERS.topicName())) {
            DeadLetter letter = ProtocolJson.readDeadLetter(record.value());
            if (filter.test(letter)) {
                letters.add(letter);
            }
        }
        return letters;
    }
}
