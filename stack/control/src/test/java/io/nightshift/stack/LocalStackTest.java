package io.nightshift.stack;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.nightshift.protocol.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared test stack is real: a broker that stores and delivers, an S3 server that keeps bytes. */
class LocalStackTest {
    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.shared();
    }

    @Test
    void protocolTopicsExistWithTheirPolicies() throws Exception {
        try (Admin admin = Admin.create(stack.kafkaProperties())) {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            for (Topic topic : Topic.values()) {
                assertTrue(names.contains(topic.topicName()), topic.topicName() + " missing from " + names);
            }
            ConfigResource modelSets = new ConfigResource(ConfigResource.Type.TOPIC, Topic.MODEL_SETS.topicName());
            ConfigResource jobs = new ConfigResource(ConfigResource.Type.TOPIC, Topic.JOBS.topicName());
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(modelSets, jobs)).all().get(10, TimeUnit.SECONDS);
            assertEquals("compact", configs.get(modelSets).get("cleanup.policy").value());
            assertEquals(Long.toString(Topic.JOBS.retention().toMillis()), configs.get(jobs).get("retention.ms").value());
            assertEquals(Topic.JOBS.defaultPartitions(),
                    admin.describeTopics(List.of(Topic.JOBS.topicName())).allTopicNames().get().get(Topic.JOBS.topicName()).partitions().size());
        }
    }

    @Test
    void recordsProducedAreConsumedInOrderPerKey() throws Exception {
        String topic = "stack-test-" + UUID.randomUUID();
        try (Admin admin = Admin.create(stack.kafkaProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(10, TimeUnit.SECONDS);
        }
        Properties producerProps = stack.kafkaProperties();
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        int count = 300;
        Set<Integer> partitions = new TreeSet<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 0; i < count; i++) {
                RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, "key-" + (i % 10), Integer.toString(i))).get();
                partitions.add(metadata.partition());
            }
        }
        assertTrue(partitions.size() > 1, "ten keys should spread over more than one of three partitions: " + partitions);

        Properties consumerProps = stack.kafkaProperties();
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "stack-test-" + UUID.randomUUID());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Map<String, List<Integer>> byKey = new HashMap<>();
        int received = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(Integer.parseInt(record.value()));
                    received++;
                }
            }
        }
        assertEquals(count, received);
        for (Map.Entry<String, List<Integer>> entry : byKey.entrySet()) {
            List<Integer> values = entry.getValue();
            for (int i = 1; i < values.size(); i++) {
                assertTrue(values.get(i - 1) < values.get(i), "out of order for " + entry.getKey() + ": " + values);
            }
            assertEquals(count / 10, values.size());
        }
    }

    @Test
    void s3PutGetListAndDelete() throws Exception {
        String bucket = StackConfig.DEFAULT_BUCKETS.get(0);
        String prefix = "stack-test/" + UUID.randomUUID() + "/";
        try (MinioClient s3 = stack.newS3Client()) {
            for (String name : List.of("a/1.NEF", "a/2.CR2", "b/3.DNG", "a.txt")) {
                byte[] data = name.getBytes();
                s3.putObject(PutObjectArgs.builder().bucket(bucket).object(prefix + name)
                        .stream(new ByteArrayInputStream(data), (long) data.length, -1L).build());
            }
            assertEquals(List.of(prefix + "a/1.NEF", prefix + "a/2.CR2"), list(s3, bucket, prefix + "a/"));
            assertEquals(4, list(s3, bucket, prefix).size());
            try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(prefix + "b/3.DNG").build())) {
                assertArrayEquals("b/3.DNG".getBytes(), in.readAllBytes());
            }
            try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(prefix + "a/2.CR2")
                    .offset(2L).length(3L).build())) {
                assertArrayEquals("2.C".getBytes(), in.readAllBytes());
            }
            s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(prefix + "a/1.NEF").build());
            assertEquals(List.of(prefix + "a/2.CR2"), list(s3, bucket, prefix + "a/"));
            ErrorResponseException missing = assertThrows(ErrorResponseException.class,
                    () -> s3.statObject(StatObjectArgs.builder().bucket(bucket).object(prefix + "a/1.NEF").build()));
            assertEquals("NoSuchKey", missing.errorResponse().code());
        }
    }

    @Test
    void multipartPutOf30MegabytesKeepsEveryByte() throws Exception {
        String bucket = StackConfig.DEFAULT_BUCKETS.get(1);
        String key = "stack-test/" + UUID.randomUUID() + "/big.bin";
        byte[] data = new byte[30 * 1024 * 1024];
        new Random(42).nextBytes(data);
        try (MinioClient s3 = stack.newS3Client()) {
            // unknown size and 5 MiB parts: the SDK must use a multipart upload
            s3.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new ByteArrayInputStream(data), -1L, 5L * 1024 * 1024).build());
            assertEquals(data.length, s3.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).size());
            byte[] back;
            try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                back = in.readAllBytes();
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            assertArrayEquals(sha.digest(data), MessageDigest.getInstance("SHA-256").digest(back));
            s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        }
    }

    private static List<String> list(MinioClient s3, String bucket, String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> result : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                .recursive(true).maxKeys(2).build())) {
            keys.add(result.get().objectName());
        }
        keys.sort(null);
        return keys;
    }
}
