package io.nightshift.dispatcher.progress;

/**
 * A job whose latest attempt succeeded. {@code sourceKey} is null when its job record was not seen; each
 * preview flag says whether the result named that JPEG preview.
 */
public record Finished(String jobId, String sourceKey, String outputKey, int attempt, boolean inputPreview,
                       boolean resultPreview) {
}
