package io.nightshift.dispatcher.publishing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.nightshift.dispatcher.batch.BatchRecord;
import io.nightshift.dispatcher.config.DispatcherConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * Batch records in the compacted batch-status topic, keyed by batch id: written as batches move, read back in
 * full at start-up (the latest record per batch wins).
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
    KafkaClients clients;

    @Inject
    DispatcherConfig config;

    /** Writes a record; the future completes when the broker holds it. */
    public Future<RecordMetadata> write(BatchRecord record) {
        return producer.send(new ProducerRecord<>(config.topics().batchStatus(), record.batchId(), bytes(record)));
    }

    /** Reads the topic from its start to its current end: the latest record of every batch, in first-seen order. */
    public Map<String, BatchRecord> readAll(Duration timeout) {
        String topic = config.topics().batchStatus();
        Map<String, BatchRecord> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = clients.newReader("nightshift-dispatcher-recovery")) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, timeout) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                        continue;
                    }
                    try {
                        BatchRecord batch = JSON.readValue(record.value(), BatchRecord.class);
                        latest.put(batch.batchId(), batch);
                    } catch (IOException e) {
                        String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                        LOG.warnf("skipping unreadable batch record at %s-%d offset %d: %s", topic,
                                record.partition(), record.offset(), reason);
                    }
                }
            }
        }
        return latest;
    }

    static byte[] bytes(BatchRecord record) {
        try {
            return JSON.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
