package io.nightshift.dispatcher.publishing;

import io.nightshift.dispatcher.config.DispatcherConfig;
import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.ProtocolJson;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.Future;

/**
 * Writes the dispatcher's own dead letters (input it could not turn into a job) to the protocol's dead-letter
 * topic, keyed by the job id or, without a job, by the original record's key.
 */
@ApplicationScoped
public class DeadLetterPublisher {
    @Inject
    KafkaProducer<String, byte[]> producer;

    @Inject
    DispatcherConfig config;

    /** Sends the dead letter; the future completes when the broker holds it (acks=all). */
    public Future<RecordMetadata> publish(String key, DeadLetter deadLetter) {
        return producer.send(new ProducerRecord<>(config.topics().deadLetters(), key, ProtocolJson.write(deadLetter)));
    }
}
