package io.nightshift.dispatcher.publishing;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The current end of topics, asked of the broker: what a request waits for the followers to have applied before
 * it is answered, so that any replica answers with every record written before the request (read your writes
 * across replicas). One consumer without a group serves every caller, one question at a time (a few milliseconds
 * each).
 */
@ApplicationScoped
public class EndOffsets {
    @Inject
    KafkaClients clients;

    private KafkaConsumer<String, byte[]> reader;

    /**
     * The end offset of every partition of {@code topics}; a topic that does not exist yet has none.
     *
     * @throws org.apache.kafka.common.errors.TimeoutException when the broker does not answer in time
     */
    public synchronized Map<TopicPartition, Long> of(Collection<String> topics, Duration timeout) {
        if (reader == null) {
            reader = clients.newReader("nightshift-dispatcher-end-offsets");
        }
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = reader.partitionsFor(topic, timeout);
                if (infos != null) {
                    infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                }
            }
            if (!reader.assignment().equals(new java.util.HashSet<>(partitions))) {
                reader.assign(partitions); // never polled: assigned only so the client keeps their end quietly
            }
            return reader.endOffsets(partitions, timeout);
        } catch (RuntimeException e) {
            reader.close(Duration.ZERO); // a fresh consumer next time rather than one in an unknown state
            reader = null;
            throw e;
        }
    }

    @PreDestroy
    synchronized void close() {
        if (reader != null) {
            reader.close(Duration.ZERO);
            reader = null;
        }
    }
}
