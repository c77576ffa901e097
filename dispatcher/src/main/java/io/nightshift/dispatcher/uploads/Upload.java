package io.nightshift.dispatcher.uploads;

import java.time.Instant;
import java.util.List;

/**
 * Signed URLs for one upload's files, all under one new prefix: once the browser has PUT them, a batch of that
 * prefix (request id = upload id, so a repeated request names the same batch) runs them.
 *
 * @param uploadId     {@code u-} and 24 random hex digits
 * @param sourceBucket where the files go
 * @param sourcePrefix the upload's folder, {@code uploads/<uploadId>/}
 * @param maxBytes     the largest file accepted (the batch's size filter)
 * @param expiresAt    when the URLs stop working
 * @param files        one target per file, in the order asked
 */
public record Upload(String uploadId, String sourceBucket, String sourcePrefix, long maxBytes, Instant expiresAt,
                     List<UploadTarget> files) {
}
