package io.nightshift.worker.messaging;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** What the poll loop hands each job record to: the pipeline. */
public interface JobHandler {

    /** How a record left the pipeline. */
    enum Outcome {
        /** Output, previews and the DONE result are durable: commit. */
        DONE,
        /** The dead letter (and the FAILED result, when the ids were readable) are durable: commit. */
        DEAD_LETTERED,
        /** Given up at shutdown before anything was published: do not commit; the job is redelivered. */
        ABANDONED
    }

    /** Starts the job; the future completes when its outcome is durable (never exceptionally). */
    CompletableFuture<Outcome> handle(ConsumerRecord<String, byte[]> record);

    /**
     * A rebalance took these partitions away: their jobs that are not yet uploading stop at their next stage
     * boundary with {@link Outcome#ABANDONED} (uncommitted: the partition's new owner runs them) and give their
     * slots back; jobs already uploading finish.
     */
    default void giveUp(Collection<TopicPartition> revoked) {
    }

    /** Shutdown: every job still in flight stops at its next stage boundary with {@link Outcome#ABANDONED}. */
    void abandonAll();
}
