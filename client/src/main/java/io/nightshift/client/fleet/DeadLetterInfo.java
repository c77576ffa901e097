package io.nightshift.client.fleet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A job's latest dead letter as the dispatcher reports it ({@code GET /api/dead-letters}).
 *
 * @param attempt         the job's attempt that was given up on (0 when a raw payload did not say)
 * @param attempts        how many attempts the worker made
 * @param at              when, ISO-8601
 * @param job             the original job as protocol-v1 JSON, or null when only a raw payload was kept
 * @param rawPayloadBytes the raw payload's size, when only that was kept
 * @param rawPayloadStoredAt {@code bucket/key} of that raw payload in the object store, when it was too large for its
 *                        dead letter; null when it is on the dead-letter topic
 * @param notReplayable   why a replay without force would skip it, or null when it would not
 * @param earlier         how many earlier dead letters of the job the dispatcher keeps
 */
public record DeadLetterInfo(String jobId, String batchId, int attempt, int attempts, String errorClass,
                             String reason, String workerId, String at, JsonNode job, Integer rawPayloadBytes,
                             String rawPayloadStoredAt,
                             boolean replayable, String notReplayable, int earlier) {
    /** {@code bucket/key} of the source object, or null when the job is not known. */
    public String source() {
        return job == null ? null : job.path("source").path("bucket").asText() + "/" + job.path("source").path("key").asText();
    }
}
