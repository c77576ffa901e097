package io.nightshift.dispatcher.progress;

/** Where a done job's JPEG preview is: the key named by its result event, in its batch's output bucket. */
public record PreviewRef(String jobId, String batchId, String key) {
}
