package io.nightshift.dispatcher.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.dispatcher.deadletters.DeadLetterEntry;
import io.nightshift.dispatcher.deadletters.DeadLetterJob;
import io.nightshift.dispatcher.deadletters.DeadLetters;
import io.nightshift.protocol.ProtocolJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * A job's latest dead letter as the API shows it.
 *
 * @param attempt         the job's attempt that was given up on (0 when a raw payload did not say)
 * @param attempts        how many attempts the worker made (for CRASHED_WORKER: the crashes)
 * @param job             the original job as protocol-v1 JSON; null when only a raw payload was kept
 * @param rawPayloadBytes the raw payload's size when the job could not be read, else null
 * @param rawPayloadStoredAt {@code bucket/key} of the raw payload in the object store when it was too large for its
 *                        dead letter (the worker's {@code state.location}), else null
 * @param replayable      whether {@code replay} without force would re-enqueue it now
 * @param notReplayable   why not, when not
 * @param earlier         the job's earlier dead letters kept, oldest first (without the job)
 */
public record DeadLetterView(String jobId, String batchId, int attempt, int attempts, String errorClass, String reason,
                             String workerId, Instant at, JsonNode job, Integer rawPayloadBytes,
                             String rawPayloadStoredAt, boolean replayable,
                             String notReplayable, List<DeadLetterEntry> earlier) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static DeadLetterView of(DeadLetterJob job, DeadLetters.Replayability replayability) {
        DeadLetterEntry latest = job.latest();
        JsonNode original;
        try {
            original = job.job() == null ? null : JSON.readTree(ProtocolJson.write(job.job()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DeadLetterView(job.jobId(), job.batchId(), latest.attempt(), latest.attempts(), latest.errorClass(),
                latest.reason(), latest.workerId(), latest.at(), original,
                job.job() == null ? job.rawPayloadBytes() : null, job.rawPayloadStoredAt(), replayability.replayable(),
                replayability.whyNot(),
                job.letters().subList(0, job.letters().size() - 1));
    }
}
