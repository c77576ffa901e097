package io.nightshift.dispatcher.progress;

import io.nightshift.protocol.Camera;
import io.nightshift.protocol.RatioSource;

/**
 * A job whose latest attempt succeeded. {@code sourceBucket} and {@code sourceKey} are null when its job record was
 * not seen; each preview flag says whether the result named that JPEG preview; {@code modelSet}, {@code ratio} and
 * {@code ratioSource} are the result's (null when it named none), so is {@code camera}; {@code stageMs} its milliseconds per stage
 * (wire names, pipeline order; empty when it reported none).
 */
public record Finished(String jobId, String sourceBucket, String sourceKey, String outputKey, int attempt,
                       boolean inputPreview, boolean resultPreview, String modelSet, Double ratio,
                       RatioSource ratioSource, Camera camera, java.util.Map<String, Long> stageMs) {
}
