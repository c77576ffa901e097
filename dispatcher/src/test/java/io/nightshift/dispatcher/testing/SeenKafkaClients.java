package io.nightshift.dispatcher.testing;

import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real Kafka client interceptor ({@code interceptor.classes}) that remembers the configuration of every client
 * that instantiated it, by {@code client.id}: which clients a pass-through setting reached, and with what. Does
 * nothing to records.
 */
public class SeenKafkaClients implements ProducerInterceptor<Object, Object>, ConsumerInterceptor<Object, Object> {
    private static final Map<String, Map<String, Object>> CLIENTS = new ConcurrentHashMap<>();

    /** Client id → its configuration as the interceptor saw it. */
    public static Map<String, Map<String, Object>> clients() {
        return Map.copyOf(CLIENTS);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        CLIENTS.put(String.valueOf(configs.get("client.id")), new HashMap<>(configs));
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    }

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }
}
