package io.nightshift.protocol;

import java.time.Instant;
import java.util.Objects;

/**
 * One RAW file to enhance: protocol v1's job message.
 *
 * @param jobId       stable identity of the job; every attempt keeps it
 * @param batchId     the batch the job belongs to
 * @param attempt     1 for the first attempt, incremented by each explicit retry
 * @param source      the RAW object (with its ETag when the dispatcher knew it)
 * @param output      where the enhanced image goes (computed by the dispatcher, see {@link OutputKeys})
 * @param format      the output image format
 * @param ratio       an explicit amplification ratio, or {@code null} to have it estimated
 * @param submittedAt when the job was published
 */
public record Job(String jobId, String batchId, int attempt, ObjectRef source, ObjectRef output,
                  OutputFormat format, Double ratio, Instant submittedAt) {
    public Job {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(submittedAt, "submittedAt");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
    }

    /** The same job, re-enqueued as the next attempt. */
    public Job nextAttempt(Instant now) {
        return new Job(jobId, batchId, attempt + 1, source, output, format, ratio, now);
    }
}
