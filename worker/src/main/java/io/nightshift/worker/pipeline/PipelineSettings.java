package io.nightshift.worker.pipeline;

import io.nightshift.inference.ratio.RatioRange;
import io.nightshift.inference.tiling.TilingConfig;
import java.time.Duration;

/**
 * The pipeline's knobs (from {@code WorkerConfig}).
 *
 * @param ioThreads        download and upload threads
 * @param decodeThreads    LibRaw decode threads
 * @param encodeThreads    post-processing and encoding threads
 * @param frameBuffers     packed frames held at once
 * @param maxSourceBytes   largest source object
 * @param maxPixels        largest frame
 * @param tiling           the tiler's settings
 * @param ratioRange       the clamp of estimated ratios
 * @param initialBackoff   first wait after a transient failure
 * @param maxBackoff       longest wait between retries
 * @param internalAttempts tries of a stage that fails unexpectedly before the job is dead-lettered as INTERNAL
 * @param maxCrashes       native-stage crashes charged to a job attempt before it is dead-lettered as CRASHED_WORKER
 * @param maxDeaths        deaths of different workers a job attempt was in flight at before it is dead-lettered as
 *                         CRASHED_WORKER
 * @param jpegQuality      JPEG output quality
 * @param previewLongSide  long side of the previews
 * @param resultPreviewSuffix appended to the output key for the result preview
 * @param inputPreviewSuffix  appended to the output key for the input preview
 */
public record PipelineSettings(int ioThreads, int decodeThreads, int encodeThreads, int frameBuffers,
                               long maxSourceBytes, long maxPixels, TilingConfig tiling, RatioRange ratioRange,
                               Duration initialBackoff, Duration maxBackoff, int internalAttempts, int maxCrashes,
                               int maxDeaths,
                               float jpegQuality, int previewLongSide, String resultPreviewSuffix,
                               String inputPreviewSuffix) {
}
