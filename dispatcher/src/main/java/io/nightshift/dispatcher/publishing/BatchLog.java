package io.nightshift.dispatcher.publishing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.nightshift.dispatcher.batch.BatchRecord;
import io.nightshift.dispatcher.config.DispatcherConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * Batch records in the compacted batch-status topic, keyed by batch id (so all records of a batch share a
 * partition, in the order written): written as batches move, followed by every replica ({@code BatchRegistry}).
 */
@ApplicationScoped
public class BatchLog {
    private static final Logger LOG = Logger.getLogger(BatchLog.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Inject
    KafkaProducer<String, byte[]> producer;

    @Inject
    DispatcherConfig config;

    /** Writes a record; the future completes when the broker holds it. */
    public Future<RecordMetadata> write(BatchRecord record) {
        return producer.send(recordOf(record));
    }

    /** Writes a record; {@code acknowledged} is told where it landed, or why not. */
    public void write(BatchRecord record, Callback acknowledged) {
        producer.send(recordOf(record), acknowledged);
    }

    /** A batch record read from the topic; empty (with a warning) when it cannot be read. */
    public static Optional<BatchRecord> read(ConsumerRecord<String, byte[]> record) {
        try {
            return Optional.of(JSON.readValue(record.value(), BatchRecord.class));
        } catch (IOException e) {
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            LOG.warnf("skipping unreadable batch record at %s-%d offset %d: %s", record.topic(), record.partition(),
                    record.offset(), reason);
            return Optional.empty();
        }
    }

    private ProducerRecord<String, byte[]> recordOf(BatchRecord record) {
        return new ProducerRecord<>(config.topics().batchStatus(), record.batchId(), bytes(record));
    }

    static byte[] bytes(BatchRecord record) {
        try {
            return JSON.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
