package io.nightshift.worker.testing;

import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.ProtocolJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from its beginning (no group) and collects the records a test is waiting for. */
public final class TopicReader<T> implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Function<byte[], T> parse;
    private final List<T> seen = new ArrayList<>();

    private TopicReader(String topic, Function<byte[], T> parse) {
        Properties p = Fixtures.stack().kafkaProperties();
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.parse = parse;
    }

    public static TopicReader<JobResult> results() {
        return new TopicReader<>("nightshift.results", ProtocolJson::readResult);
    }

    public static TopicReader<DeadLetter> deadLetters() {
        return new TopicReader<>("nightshift.dead-letters", ProtocolJson::readDeadLetter);
    }

    /** Any topic's record values as they are on the broker. */
    public static TopicReader<byte[]> values(String topic) {
        return new TopicReader<>(topic, value -> value);
    }

    /** Polls until {@code done} holds for the matching records seen so far, or the timeout. */
    public List<T> await(Predicate<T> match, Predicate<List<T>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<T> matching = seen.stream().filter(match).toList();
            if (done.test(matching) || System.nanoTime() > deadline) {
                return matching;
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                seen.add(parse.apply(record.value()));
            }
        }
    }

    /** Everything matching that arrives within {@code quiet} more (to show that nothing else comes). */
    public List<T> settle(Predicate<T> match, Duration quiet) {
        return await(match, l -> false, quiet);
    }

    @Override
    public void close() {
        consumer.close(Duration.ZERO);
    }
}
