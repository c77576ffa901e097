package io.nightshift.dispatcher.progress;

/**
 * Where a done job's JPEG preview is: the key named by its result event, in its batch's output bucket.
 * {@code outputKey} is the job's output key ({@code null} when its job record was not seen).
 */
public record PreviewRef(String jobId, String batchId, String outputKey, String key) {
}
