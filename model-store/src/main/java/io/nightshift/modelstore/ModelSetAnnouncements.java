package io.nightshift.modelstore;

import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.Topic;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads model-set announcements from the compacted model-set topic. Every reader reads the whole topic on
 * its own (no consumer group, nothing committed): every worker must see every announcement, and the latest
 * record per channel is the set to serve.
 */
public final class ModelSetAnnouncements {

    private static final Logger LOG = System.getLogger(ModelSetAnnouncements.class.getName());

    private ModelSetAnnouncements() {
    }

    /**
     * A consumer for the model-set topic, assigned to all its partitions and positioned at the beginning,
     * with no group. {@code kafka} carries bootstrap servers and any security settings.
     */
    public static KafkaConsumer<byte[], byte[]> openConsumer(Properties kafka, String topic) {
        return openConsumer(kafka, topic, Duration.ofSeconds(30));
    }

    /**
     * {@link #openConsumer(Properties, String)}, waiting at most {@code timeout} for the topic's partitions.
     *
     * @throws org.apache.kafka.common.errors.TimeoutException when the broker does not answer in time (nothing is
     *                                                         left open)
     */
    public static KafkaConsumer<byte[], byte[]> openConsumer(Properties kafka, String topic, Duration timeout) {
        Properties properties = new Properties();
        properties.putAll(kafka);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "nightshift-model-sets-" + ProcessHandle.current().pid());
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return consumer;
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    /**
     * The announcement in a record of {@code channel}, or empty when the record belongs to another channel
     * or cannot be used (logged and skipped: one bad record must not stop every worker).
     */
    public static Optional<Announcement> parse(ConsumerRecord<byte[], byte[]> record, String channel) {
        return parse(record, channel, skipped -> { });
    }

    /**
     * {@link #parse(ConsumerRecord, String)}, telling {@code onSkipped} about a record of the channel that cannot be
     * used: not a manifest, an unsafe model key, anything the reader refuses. Whatever the record holds, it never
     * throws.
     */
    public static Optional<Announcement> parse(ConsumerRecord<byte[], byte[]> record, String channel,
                                               Consumer<SkippedAnnouncement> onSkipped) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!channel.equals(key) || record.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Announcement(key, ProtocolJson.readModelSet(record.value()), record.offset()));
        } catch (RuntimeException e) {
            // InvalidMessageException, KeyNotAllowedException (an unsafe model key) and whatever else the reader
            // refuses: a record that cannot be used is skipped, never allowed to stop the reader
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.log(Level.WARNING, "skipping model-set announcement at {0}-{1} offset {2}: {3}",
                    record.topic(), record.partition(), record.offset(), reason);
            onSkipped.accept(new SkippedAnnouncement(record.topic(), record.partition(), record.offset(), reason));
            return Optional.empty();
        }
    }

    /**
     * The latest valid announcement of {@code channel}: reads the topic from its beginning up to the end
     * offsets taken at the start.
     *
     * @throws TimeoutException when the end is not reached within {@code timeout}
     */
    public static Optional<Announcement> latest(Properties kafka, String topic, String channel, Duration timeout)
            throws TimeoutException {
        try (KafkaConsumer<byte[], byte[]> consumer = openConsumer(kafka, topic, timeout)) {
            List<Announcement> all = readToEnd(consumer, channel, timeout);
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
        }
    }

    /**
     * Every valid announcement of {@code channel} from the consumer's position up to the end offsets taken
     * now, oldest first; the consumer stays open, positioned at that end (a follower goes on from there).
     *
     * @throws TimeoutException when the end is not reached within {@code timeout}
     */
    public static List<Announcement> readToEnd(KafkaConsumer<byte[], byte[]> consumer, String channel, Duration timeout)
            throws TimeoutException {
        return readToEnd(consumer, channel, timeout, skipped -> { });
    }

    /**
     * {@link #readToEnd(KafkaConsumer, String, Duration)}, telling {@code onSkipped} about each record of the
     * channel that cannot be used (it is left out of the list).
     */
    public static List<Announcement> readToEnd(KafkaConsumer<byte[], byte[]> consumer, String channel, Duration timeout,
                                               Consumer<SkippedAnnouncement> onSkipped) throws TimeoutException {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), timeout);
        Instant deadline = Instant.now().plus(timeout);
        List<Announcement> announced = new ArrayList<>();
        while (!reached(consumer, end)) {
            if (Instant.now().isAfter(deadline)) {
                throw new TimeoutException("model-set topic not read to its end within " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                parse(record, channel, onSkipped).ifPresent(announced::add);
            }
        }
        return announced;
    }

    /** {@link #latest(Properties, String, String, Duration)} on the default topic and channel. */
    public static Optional<Announcement> latest(Properties kafka, Duration timeout) throws TimeoutException {
        return latest(kafka, Topic.MODEL_SETS.topicName(), ModelSetPublisher.DEFAULT_CHANNEL, timeout);
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
