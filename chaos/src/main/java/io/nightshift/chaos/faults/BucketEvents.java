package io.nightshift.chaos.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nightshift.protocol.Topic;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Bucket notifications as MinIO's Kafka target sends them ({@code s3:ObjectCreated:Put}, keyed {@code bucket/key},
 * the key URL-encoded in the record), through a producer that keeps what it cannot deliver and sends it once the
 * broker is back — as MinIO's target does with its queue — so events that happen while the broker is down arrive
 * after it returns. Open it while the broker runs: it learns the topic's partitions then; sends run on a thread of
 * their own, since a send waits for the topic's metadata when the producer has to ask again while the broker is down.
 */
public final class BucketEvents implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaProducer<String, byte[]> producer;
    /** Sends off the caller's thread: a send waits for the topic's metadata while the broker is down. */
    private final java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "chaos-bucket-events");
        thread.setDaemon(true);
        return thread;
    });

    public BucketEvents(String bootstrapServers, Duration keepFor) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("acks", "all");
        p.put("delivery.timeout.ms", Long.toString(keepFor.toMillis()));
        p.put("request.timeout.ms", "10000");
        p.put("max.block.ms", Long.toString(keepFor.toMillis()));
        p.put("reconnect.backoff.max.ms", "1000");
        p.put("metadata.max.idle.ms", Long.toString(Duration.ofMinutes(30).toMillis()));
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        producer.partitionsFor(Topic.BUCKET_EVENTS.topicName());
    }

    /** The event of an object created; acknowledged when the future completes. */
    public Future<RecordMetadata> created(String bucket, String key, long size) {
        return sender.submit(() -> send(bucket, key, size).get());
    }

    private Future<RecordMetadata> send(String bucket, String key, long size) {
        ObjectNode root = JSON.createObjectNode();
        root.put("EventName", "s3:ObjectCreated:Put");
        root.put("Key", bucket + "/" + key);
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventVersion", "2.0");
        record.put("eventSource", "minio:s3");
        record.put("eventName", "s3:ObjectCreated:Put");
        ObjectNode s3 = record.putObject("s3");
        s3.putObject("bucket").put("name", bucket);
        ObjectNode object = s3.putObject("object");
        object.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8));
        object.put("size", size);
        try {
            return producer.send(new ProducerRecord<>(Topic.BUCKET_EVENTS.topicName(), bucket + "/" + key,
                    JSON.writeValueAsBytes(root)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
        producer.close(Duration.ofSeconds(10));
    }
}
