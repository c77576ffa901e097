package io.nightshift.dispatcher.batch;

import io.nightshift.dispatcher.publishing.BatchLog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The latest record of every batch this dispatcher knows, mirrored to the batch-status topic, with the index
 * from client request ids to batches. Rebuilt from the topic at start-up.
 */
@ApplicationScoped
public class BatchRegistry {
    private static final Duration DURABLE_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, BatchRecord> records = new ConcurrentHashMap<>();
    private final Map<String, String> byRequestId = new ConcurrentHashMap<>();

    @Inject
    BatchLog log;

    /** Replaces what is known with the batch-status topic's content. */
    public List<BatchRecord> reload(Duration timeout) {
        Map<String, BatchRecord> latest = log.readAll(timeout);
        records.clear();
        byRequestId.clear();
        latest.values().forEach(this::remember);
        return List.copyOf(latest.values());
    }

    public Optional<BatchRecord> find(String batchId) {
        return Optional.ofNullable(records.get(batchId));
    }

    public Optional<BatchRecord> findByRequestId(String requestId) {
        return Optional.ofNullable(byRequestId.get(requestId)).map(records::get);
    }

    public Collection<BatchRecord> all() {
        return records.values();
    }

    /**
     * Records a batch's new state and waits until the broker holds it (a 202 promises a durable batch); only then
     * does this dispatcher know it. When the broker does not acknowledge it, nothing here changes: the batch is not
     * listed, and a retry with the same request id is a new attempt, not an answer about work that never started.
     *
     * @throws NotRecordedException when the broker did not acknowledge the record in time
     */
    public void recordDurably(BatchRecord record) {
        write(record);
        remember(record);
    }

    /**
     * Writes a batch's state and waits until the broker holds it, without making it known here (see
     * {@link #recordDurably}): for a record that must be durable before the work it describes starts, while the
     * batch is not to be listed until that work is acknowledged too.
     *
     * @throws NotRecordedException when the broker did not acknowledge the record in time
     */
    public void write(BatchRecord record) {
        try {
            log.write(record).get(DURABLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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
        remember(record);
        log.write(record);
    }

    /** Updates what is known without writing it (the next recorded state carries it). */
    public void remember(BatchRecord record) {
        records.put(record.batchId(), record);
        if (record.requestId() != null) {
            byRequestId.put(record.requestId(), record.batchId());
        }
    }
}
