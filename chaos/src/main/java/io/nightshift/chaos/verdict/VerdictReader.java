package io.nightshift.chaos.verdict;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.nightshift.chaos.verdict.Observations.KeyedDeadLetter;
import io.nightshift.chaos.verdict.Observations.PartitionOffsets;
import io.nightshift.chaos.verdict.Observations.Size;
import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.ProtocolJson;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what the verdict is judged on from outside the fleet: whole topics from their beginning to their end offsets
 * (no group), the workers' committed offsets through the admin client, and the objects under the output prefix
 * (outputs downloaded and decoded; previews listed).
 */
public final class VerdictReader {
    private final String bootstrapServers;

    public VerdictReader(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Every record of {@code topic} up to its end offsets at the time of the call. */
    public List<ConsumerRecord<String, byte[]>> records(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("enable.auto.commit", "false");
        p.put("max.partition.fetch.bytes", Integer.toString(2 * 1024 * 1024));
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    public List<Job> jobs(String topic) {
        List<Job> jobs = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records(topic)) {
            try {
                jobs.add(ProtocolJson.readJob(record.value()));
            } catch (RuntimeException notAJob) {
                // a bad record of the run: judged by its dead letter
            }
        }
        return jobs;
    }

    public List<JobResult> results(String topic) {
        return records(topic).stream().map(r -> ProtocolJson.readResult(r.value())).toList();
    }

    public List<KeyedDeadLetter> deadLetters(String topic) {
        return records(topic).stream()
                .map(r -> new KeyedDeadLetter(r.key(), ProtocolJson.readDeadLetter(r.value()))).toList();
    }

    /** Size in bytes of each dead letter record, by its record key (the largest when several). */
    public Map<String, Integer> deadLetterSizes(String topic) {
        Map<String, Integer> sizes = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records(topic)) {
            sizes.merge(String.valueOf(r.key()), r.serializedValueSize(), Math::max);
        }
        return sizes;
    }

    /** Per partition of {@code topic}: the committed offset of {@code group} (0 when none) and the end offset. */
    public Map<Integer, PartitionOffsets> offsets(String group, String topic) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int i = 0; i < partitions; i++) {
                latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<Integer, PartitionOffsets> offsets = new TreeMap<>();
            for (int i = 0; i < partitions; i++) {
                TopicPartition tp = new TopicPartition(topic, i);
                OffsetAndMetadata c = committed.get(tp);
                offsets.put(i, new PartitionOffsets(c == null ? 0 : c.offset(), ends.get(tp).offset()));
            }
            return offsets;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot read the offsets of " + group + " on " + topic + ": " + e, e);
        }
    }

    /** Every object under {@code prefix}: outputs decoded (their size, {@code null} when undecodable), previews listed. */
    public static Map<String, Size> outputs(MinioClient s3, String bucket, String prefix) throws Exception {
        Map<String, Size> outputs = new LinkedHashMap<>();
        for (Result<Item> result : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                .recursive(true).build())) {
            String key = result.get().objectName();
            if (Verdict.PREVIEWS.stream().anyMatch(key::endsWith)) {
                outputs.put(key, null);
                continue;
            }
            try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                BufferedImage image = ImageIO.read(in);
                outputs.put(key, image == null ? null : new Size(image.getWidth(), image.getHeight()));
            }
        }
        return outputs;
    }
}
