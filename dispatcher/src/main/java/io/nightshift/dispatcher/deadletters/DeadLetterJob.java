package io.nightshift.dispatcher.deadletters;

import io.nightshift.protocol.Job;

import java.util.List;

/**
 * A job's dead letters as the index holds them: the latest ones, oldest first, and from the latest the original
 * job, or only the size of its raw payload when the worker could not read the job.
 *
 * @param jobId           the job id; for a raw payload whose job id could not be read, the record's key, else
 *                        {@code unidentified-<partition>-<offset>}
 * @param batchId         the batch, from the job or read from a raw payload; null when not even that was readable
 * @param job             the latest dead letter's original job; null when it kept only a raw payload
 * @param rawPayloadBytes the size of the latest dead letter's raw payload; -1 when it kept the job
 * @param rawPayloadStoredAt {@code bucket/key} where the worker stored that raw payload when it was too large for the
 *                        dead letter; null when it travelled inline (or the job was kept)
 * @param letters         at least one, oldest first
 */
public record DeadLetterJob(String jobId, String batchId, Job job, int rawPayloadBytes, String rawPayloadStoredAt,
                            List<DeadLetterEntry> letters) {
    public DeadLetterEntry latest() {
        return letters.get(letters.size() - 1);
    }
}
