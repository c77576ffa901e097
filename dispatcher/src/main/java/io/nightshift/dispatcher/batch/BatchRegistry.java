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

    /** Records a batch's new state and waits until the broker holds it (a 202 promises a durable batch). */
    public void recordDurably(BatchRecord record) {
        remember(record);
        try {
            log.write(record).get(DURABLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording batch " + record.batchId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not record batch " + record.batchId() + ": " + e.getMessage(), e);
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
