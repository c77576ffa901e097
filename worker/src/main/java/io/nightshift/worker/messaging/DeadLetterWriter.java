package io.nightshift.worker.messaging;

import io.nightshift.protocol.DeadLetter;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.StoredPayload;
import io.nightshift.worker.failure.PublishRefused;
import io.nightshift.worker.storage.DeadLetterPayloads;
import java.time.Instant;

/**
 * Writes dead letters that always fit on their topic. A parsed job travels inside its dead letter (its fields are
 * bounded: a few kB at most). A record that could not be parsed travels as its bytes, base64-encoded, when the
 * encoded dead letter is at most {@code maxInlineBytes} and the broker takes it; otherwise (larger, or refused by the
 * broker or the producer as too large: the topic's {@code max.message.bytes} may be smaller than ours) the bytes go
 * to the object store ({@link DeadLetterPayloads}) and the dead letter carries where ({@link StoredPayload}). Reasons
 * are cut to {@link #MAX_REASON_CHARS} characters and keys to {@link #MAX_KEY_BYTES} bytes, so a reference is always
 * well under a kilobyte.
 */
public final class DeadLetterWriter {

    /** Longest reason a dead letter carries; a longer one is cut with an ellipsis. */
    public static final int MAX_REASON_CHARS = 1000;

    /** Longest record key a dead letter keeps; a longer original key is replaced by its digest. */
    public static final int MAX_KEY_BYTES = 256;

    private final ResultPublisher publisher;
    private final DeadLetterPayloads payloads;
    private final int maxInlineBytes;

    public DeadLetterWriter(ResultPublisher publisher, DeadLetterPayloads payloads, int maxInlineBytes) {
        this.publisher = publisher;
        this.payloads = payloads;
        this.maxInlineBytes = maxInlineBytes;
    }

    /** The dead letter of a parsed job; returns when it is durable. */
    public void job(Job job, ErrorClass errorClass, String reason, int attempts, String workerId, Instant at) {
        publisher.deadLetter(job.jobId(), new DeadLetter(job, null, errorClass, bounded(reason), attempts, workerId, at));
    }

    /**
     * The dead letter of a record that could not be parsed; returns when it is durable.
     *
     * @param ids what the payload still shows of its job and batch, or null
     * @return where the payload was stored, or null when it travelled inside the dead letter
     */
    public StoredPayload unparsed(String key, byte[] payload, ProtocolJson.JobIds ids, ErrorClass errorClass,
                                  String reason, String workerId, Instant at) {
        String why = bounded(reason);
        DeadLetter inline = new DeadLetter(null, payload, errorClass, why, 1, workerId, at);
        if (ProtocolJson.write(inline).length <= maxInlineBytes) {
            try {
                publisher.deadLetter(key, inline);
                return null;
            } catch (PublishRefused e) {
                if (!e.tooLarge()) {
                    throw e;
                }
                // the topic (or the producer) admits less than maxInlineBytes: store it, as a larger one would be
            }
        }
        StoredPayload stored = payloads.store(payload, ids);
        publisher.deadLetter(key, new DeadLetter(null, null, errorClass, why, 1, workerId, at, stored));
        return stored;
    }

    static String bounded(String reason) {
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS - 1) + "…";
    }
}
