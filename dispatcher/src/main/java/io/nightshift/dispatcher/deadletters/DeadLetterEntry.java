package io.nightshift.dispatcher.deadletters;

import java.time.Instant;

/**
 * One dead letter as the index keeps it, without the job (only a job's latest dead letter keeps that, on its
 * {@link IndexedJob}).
 *
 * @param attempt    the job's attempt that was given up on (from the job, or read from a raw payload; 0 unknown)
 * @param attempts   how many attempts the worker made (protocol {@code attempts}: crashes for CRASHED_WORKER)
 * @param errorClass the class as written, also one this version does not know (a later protocol addition)
 * @param reason     the worker's reason, at most {@link DeadLetterIndex#MAX_REASON} characters
 */
public record DeadLetterEntry(int attempt, int attempts, String errorClass, String reason, String workerId,
                              Instant at) {
}
