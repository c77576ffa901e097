package io.nightshift.client.fleet;

import java.util.List;

/**
 * What {@code POST /api/batches} is asked for: every RAW object under a prefix, enhanced into an output folder.
 * A null field is left out of the request (the dispatcher's default applies).
 *
 * @param ratio      an explicit amplification ratio for every job, or null to let the workers estimate it
 * @param extensions the RAW extensions the listing accepts
 * @param requestId  makes the request idempotent: the same id names the same batch
 */
public record BatchSpec(String sourceBucket, String sourcePrefix, String outputBucket, String outputPrefix,
                        String format, Double ratio, List<String> extensions, String requestId) {
}
