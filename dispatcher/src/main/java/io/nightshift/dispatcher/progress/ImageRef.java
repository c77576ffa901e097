package io.nightshift.dispatcher.progress;

/**
 * Where one image of a done job is, in its batch's output bucket: a JPEG preview ({@code key} as its result event
 * named it) or the output itself ({@code key} equal to {@code outputKey}). {@code outputKey} is the job's output
 * key ({@code null} when neither its job record nor its result named one).
 */
public record ImageRef(String jobId, String batchId, String outputKey, String key) {
}
