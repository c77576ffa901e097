package io.nightshift.dispatcher.testing;

import io.nightshift.protocol.Job;
import io.nightshift.protocol.ObjectRef;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.Topic;
import io.nightshift.stack.LocalStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Makes the real broker of the test stack refuse every write to one topic, until closed: the topic's
 * {@code max.message.bytes} is set to 1, so each produce request is answered {@code MESSAGE_TOO_LARGE}, at once and
 * for good (not retried by the producer). Waits until a probe write is refused, and on close until one is
 * accepted again. Probes are harmless: a tombstone of key {@code probe} on the batch-status topic, a job of a
 * batch of its own on a jobs topic.
 */
public final class BrokerRefusal implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String topic;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> probe;

    private BrokerRefusal(String topic) {
        this.topic = topic;
        Properties p = LocalStack.shared().kafkaProperties();
        this.admin = Admin.create(p);
        p.put("acks", "all");
        p.put("linger.ms", "0");
        p.put("delivery.timeout.ms", "10000");
        p.put("request.timeout.ms", "5000");
        this.probe = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** From now on the broker refuses every record sent to {@code topic}. */
    public static BrokerRefusal of(String topic) {
        BrokerRefusal refusal = new BrokerRefusal(topic);
        refusal.alter(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1"),
                AlterConfigOp.OpType.SET));
        refusal.awaitProbe(true);
        return refusal;
    }

    public static BrokerRefusal ofBatchStatus() {
        return of(Topic.BATCH_STATUS.topicName());
    }

    public static BrokerRefusal ofJobs() {
        return of(Topic.JOBS.topicName());
    }

    /** The topic takes writes again. */
    @Override
    public void close() {
        try {
            alter(new AlterConfigOp(new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, null),
                    AlterConfigOp.OpType.DELETE));
            awaitProbe(false);
        } finally {
            probe.close(Duration.ofSeconds(5));
            admin.close(Duration.ofSeconds(5));
        }
    }

    private void alter(AlterConfigOp op) {
        try {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(op)))
                    .all().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not change " + topic + ": " + e, e);
        }
    }

    private void awaitProbe(boolean refused) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            boolean wasRefused;
            try {
                probe.send(probeRecord()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                wasRefused = false;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RecordTooLargeException)) {
                    throw new IllegalStateException("probe of " + topic + " failed otherwise: " + e.getCause(), e);
                }
                wasRefused = true;
            } catch (Exception e) {
                throw new IllegalStateException("probe of " + topic + ": " + e, e);
            }
            if (wasRefused == refused) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(topic + " still " + (refused ? "takes" : "refuses") + " writes");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private ProducerRecord<String, byte[]> probeRecord() {
        if (topic.equals(Topic.BATCH_STATUS.topicName())) {
            return new ProducerRecord<>(topic, "probe", null);
        }
        String id = "probe-" + UUID.randomUUID();
        Job job = new Job(id, "probe", 1, new ObjectRef("nightshift-raw", "probe/probe.NEF"),
                new ObjectRef("nightshift-results", "probe/probe.NEF.png"), OutputFormat.PNG16, null, Instant.now());
        return new ProducerRecord<>(topic, id, ProtocolJson.write(job));
    }
}
