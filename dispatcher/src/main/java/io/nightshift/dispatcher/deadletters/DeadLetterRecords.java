package io.nightshift.dispatcher.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.InvalidMessageException;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.ObjectKeys;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.StoredPayload;

import java.io.IOException;
import java.util.Optional;

/**
 * Reads a record of the dead-letter topic for the index: the protocol's {@link DeadLetter}, also one whose error
 * class this version does not know (a later protocol addition: kept by its name, never replayed without force),
 * and the job id and batch a raw payload still shows.
 */
final class DeadLetterRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A dead letter as the index takes it. */
    record Read(String jobId, String batchId, Job job, int rawPayloadBytes, String rawPayloadStoredAt,
                DeadLetterEntry entry) {
    }

    private DeadLetterRecords() {
    }

    /**
     * @param key      the record's key (the job id, or the original record's key)
     * @param fallback the id used when neither the job, the raw payload nor the key names a job
     * @throws InvalidMessageException when the record is not a protocol-v1 dead letter
     */
    static Read read(String key, byte[] value, String fallback) {
        DeadLetter letter;
        String errorClass;
        try {
            letter = ProtocolJson.readDeadLetter(value);
            errorClass = letter.errorClass();
        } catch (InvalidMessageException e) {
            Optional<String> unknown = unknownClass(e, value);
            if (unknown.isEmpty()) {
                throw e;
            }
            letter = ProtocolJson.readDeadLetter(withClass(value, ErrorClass.INTERNAL.name()));
            errorClass = unknown.get();
        }
        Job job = letter.job();
        String jobId;
        String batchId;
        int attempt;
        int rawBytes = -1;
        String storedAt = null;
        if (job != null) {
            jobId = job.jobId();
            batchId = job.batchId();
            attempt = job.attempt();
        } else if (letter.storedPayload() != null) {
            // too large to travel inside the dead letter: the worker stored the bytes and read what ids it could
            StoredPayload stored = letter.storedPayload();
            rawBytes = (int) Math.min(Integer.MAX_VALUE, stored.bytes());
            storedAt = stored.location().bucket() + "/" + stored.location().key();
            Optional<ProtocolJson.JobIds> ids = Optional.ofNullable(stored.ids());
            jobId = ids.map(ProtocolJson.JobIds::jobId)
                    .orElse(key != null && ObjectKeys.isValidId(key) ? key : fallback);
            batchId = ids.map(ProtocolJson.JobIds::batchId).orElse(null);
            attempt = ids.map(ProtocolJson.JobIds::attempt).orElse(0);
        } else {
            byte[] raw = letter.rawPayload();
            rawBytes = raw.length;
            Optional<ProtocolJson.JobIds> ids = ProtocolJson.peekIds(raw)
                    .filter(i -> ObjectKeys.isValidId(i.jobId()) && ObjectKeys.isValidId(i.batchId()));
            jobId = ids.map(ProtocolJson.JobIds::jobId)
                    .orElse(key != null && ObjectKeys.isValidId(key) ? key : fallback);
            batchId = ids.map(ProtocolJson.JobIds::batchId).orElse(null);
            attempt = ids.map(ProtocolJson.JobIds::attempt).orElse(0);
        }
        return new Read(jobId, batchId, job, rawBytes, storedAt, new DeadLetterEntry(attempt, letter.attempts(), errorClass,
                letter.reason(), letter.workerId(), letter.at()));
    }

    /** The error class's name when that alone made the record unreadable: a well-formed name this version lacks. */
    private static Optional<String> unknownClass(InvalidMessageException e, byte[] value) {
        if (!"errorClass".equals(e.field())) {
            return Optional.empty();
        }
        try {
            JsonNode name = JSON.readTree(value).get("errorClass");
            return name != null && name.isTextual() && name.textValue().matches("[A-Z][A-Z0-9_]{0,63}")
                    ? Optional.of(name.textValue()) : Optional.empty();
        } catch (IOException ex) {
            return Optional.empty();
        }
    }

    private static byte[] withClass(byte[] value, String errorClass) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(value);
            node.put("errorClass", errorClass);
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new InvalidMessageException(null, "not JSON: " + e.getMessage());
        }
    }
}
