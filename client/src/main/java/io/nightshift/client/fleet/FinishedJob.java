package io.nightshift.client.fleet;

/**
 * A job whose latest attempt succeeded.
 *
 * @param ratio       the amplification ratio the worker used, or null
 * @param ratioSource {@code estimated} or {@code given}, or null
 * @param trueRatio   the ratio the source object declares (its {@code nightshift-true-ratio} metadata), or null
 * @param inputPreview  the dispatcher's path of the plain rendering of the input, or null
 * @param resultPreview the dispatcher's path of the enhanced preview, or null
 * @param camera        the camera the RAW file names, as a label ("Nikon D1"), or null
 * @param output        the dispatcher's path of the output at full size where browsers show its format, or null
 */
public record FinishedJob(String jobId, String sourceKey, String outputKey, String modelSet, Double ratio,
                          String ratioSource, Double trueRatio, String inputPreview, String resultPreview,
                          String camera, String output) {
}
