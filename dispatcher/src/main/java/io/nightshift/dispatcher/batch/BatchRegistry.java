package io.nightshift.dispatcher.batch;

import io.nightshift.dispatcher.config.DispatcherConfig;
import io.nightshift.dispatcher.publishing.BatchLog;
import io.nightshift.dispatcher.publishing.EndOffsets;
import io.nightshift.dispatcher.publishing.KafkaClients;
import io.nightshift.dispatcher.publishing.TopicFollower;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The latest state of every batch, as the compacted batch-status topic holds it, followed continuously (every
 * replica knows every batch, whichever replica wrote it) with the index from client request ids to batches.
 * Records of one batch share a partition and are applied in topic order through {@link BatchRecord#then}; a
 * record this replica wrote is known as soon as the broker acknowledges it (before the follower reaches it).
 */
@ApplicationScoped
public class BatchRegistry {
    private static final Logger LOG = Logger.getLogger(BatchRegistry.class);
    private static final Duration DURABLE_TIMEOUT = Duration.ofSeconds(30);

    /** A batch's state and where in the topic the record that made it was. */
    private record Known(BatchRecord batch, int partition, long offset) {
    }

    private final Map<String, Known> records = new ConcurrentHashMap<>();
    private final Map<String, String> byRequestId = new ConcurrentHashMap<>();
    private final List<Consumer<BatchRecord>> changeListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> caughtUpListeners = new CopyOnWriteArrayList<>();
    private volatile TopicFollower follower;

    @Inject
    BatchLog log;

    @Inject
    KafkaClients clients;

    @Inject
    EndOffsets endOffsets;

    @Inject
    DispatcherConfig config;

    /** Starts following the batch-status topic from its start (once; the dispatcher's start-up). */
    public synchronized void start() {
        if (follower != null) {
            return;
        }
        follower = new TopicFollower(clients, endOffsets, "batches", List.of(config.topics().batchStatus()),
                new TopicFollower.Owner() {
                    @Override
                    public void apply(ConsumerRecord<String, byte[]> record) {
                        applyRecord(record);
                    }

                    @Override
                    public void reset() {
                        records.clear();
                        byRequestId.clear();
                    }

                    @Override
                    public void caughtUp() {
                        caughtUpListeners.forEach(Runnable::run);
                    }
                });
        follower.start();
    }

    public synchronized void stop() {
        if (follower != null) {
            follower.stop();
        }
    }

    /** Called (on the follower's thread) with each batch's new state after a record of it is applied. */
    public void onChange(Consumer<BatchRecord> listener) {
        changeListeners.add(listener);
    }

    /** Called (on the follower's thread) each time the follower has read the topic to the end it had at its start. */
    public void onCaughtUp(Runnable listener) {
        caughtUpListeners.add(listener);
    }

    /** Whether the topic has been read to the end it had when the follower (re)started: before, batches are missing. */
    public boolean caughtUp() {
        TopicFollower current = follower;
        return current != null && current.caughtUp();
    }

    /** The follower, for waiting on it ({@link TopicFollower#awaitApplied}). */
    public TopicFollower follower() {
        return follower;
    }

    /** Forgets everything and reads the topic again from its start (tests: a restarted dispatcher). */
    public void restart() {
        follower.restart();
    }

    public Optional<BatchRecord> find(String batchId) {
        return Optional.ofNullable(records.get(batchId)).map(Known::batch);
    }

    public Optional<BatchRecord> findByRequestId(String requestId) {
        return Optional.ofNullable(byRequestId.get(requestId)).flatMap(this::find);
    }

    public Collection<BatchRecord> all() {
        return records.values().stream().map(Known::batch).toList();
    }

    /** The batch-status partition holding the batch's records, when known. */
    public Optional<Integer> partition(String batchId) {
        return Optional.ofNullable(records.get(batchId)).map(Known::partition);
    }

    /** The batches whose records are in these partitions. */
    public List<BatchRecord> inPartitions(Collection<Integer> partitions) {
        return records.values().stream().filter(k -> partitions.contains(k.partition())).map(Known::batch).toList();
    }

    /**
     * Records a batch's new state and waits until the broker holds it (a 202 promises a durable batch); only then
     * is it known here. When the broker does not acknowledge it, nothing here changes: a retry with the same
     * request id is a new attempt, not an answer about work that never started.
     *
     * @return the batch's state once this record is applied (an ended batch stays ended, {@link BatchRecord#then})
     * @throws NotRecordedException when the broker did not acknowledge the record in time
     */
    public BatchRecord recordDurably(BatchRecord record) {
        RecordMetadata written = write(record);
        return merge(record, written.partition(), written.offset());
    }

    /**
     * Writes a batch's state and waits until the broker holds it, without making it known here before the follower
     * reads it (see {@link #recordDurably}).
     *
     * @throws NotRecordedException when the broker did not acknowledge the record in time
     */
    public RecordMetadata write(BatchRecord record) {
        try {
            return log.write(record).get(DURABLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotRecordedException("interrupted while recording batch " + record.batchId(), e);
        } catch (ExecutionException e) {
            throw new NotRecordedException("the broker did not record batch " + record.batchId() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new NotRecordedException("the broker did not record batch " + record.batchId() + " within "
                    + DURABLE_TIMEOUT.toSeconds() + " s", e);
        }
    }

    /** Records a batch's progress without waiting: a lost checkpoint only moves the resume point back. */
    public void record(BatchRecord record) {
        log.write(record, (written, error) -> {
            if (error == null) {
                merge(record, written.partition(), written.offset());
            }
        });
    }

    private void applyRecord(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            Known removed = records.remove(record.key());
            if (removed != null && removed.batch().requestId() != null) {
                byRequestId.remove(removed.batch().requestId(), record.key());
            }
            return;
        }
        BatchLog.read(record).ifPresent(batch -> {
            BatchRecord now = merge(batch, record.partition(), record.offset());
            changeListeners.forEach(listener -> {
                try {
                    listener.accept(now);
                } catch (RuntimeException e) {
                    LOG.warnf("batch %s: acting on its new state failed: %s", now.batchId(), e.getMessage());
                }
            });
        });
    }

    /** Applies a record at its place in the topic: one already applied (or older than what is known) changes nothing. */
    private BatchRecord merge(BatchRecord record, int partition, long offset) {
        Known merged = records.compute(record.batchId(), (id, known) -> {
            if (known == null) {
                return new Known(record, partition, offset);
            }
            if (known.partition() == partition && known.offset() >= offset) {
                return known;
            }
            return new Known(known.batch().then(record), partition, offset);
        });
        if (merged.batch().requestId() != null) {
            byRequestId.put(merged.batch().requestId(), merged.batch().batchId());
        }
        return merged.batch();
    }
}
