package io.nightshift.dispatcher.testing;

import io.nightshift.protocol.Job;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.Topic;
import io.nightshift.stack.LocalStack;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/** Reads the real jobs topic from its start to its current end. */
public final class JobsTopic {
    private JobsTopic() {
    }

    /** Every job record (duplicates included) matching the filter; checks each record's key is its job id. */
    public static List<Job> read(Predicate<Job> filter) {
        Properties p = LocalStack.shared().kafkaProperties();
        p.put("enable.auto.commit", "false");
        p.put("max.poll.records", "5000");
        String topic = Topic.JOBS.topicName();
        List<Job> jobs = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Job job = ProtocolJson.readJob(record.value());
                    if (!job.jobId().equals(record.key())) {
                        throw new AssertionError("record key " + record.key() + " is not the job id " + job.jobId());
                    }
                    if (filter.test(job)) {
                        jobs.add(job);
                    }
                }
            }
        }
        return jobs;
    }

    public static List<Job> ofBatch(String batchId) {
        return read(job -> job.batchId().equals(batchId));
    }
}
