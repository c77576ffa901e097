package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.progress.Finished;
import io.nightshift.protocol.JobResult;
import io.nightshift.protocol.OutputFormat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A done job as the API shows it.
 *
 * @param sourceKey   the RAW object's key, or {@code null} when its job record was not seen
 * @param attempt     the attempt whose result counts
 * @param output      the dispatcher's URL of the output image itself at full size, where a browser can show its
 *                    format ({@code jpeg}, {@code png16}); else {@code null}
 * @param previews    the dispatcher's URLs of the JPEG previews by role ({@code input}: plain rendering of the dark
 *                    input, {@code result}: the enhanced image); a role the worker did not report is absent
 * @param modelSet    the model-set version that enhanced it
 * @param camera      the camera the RAW file names ({@code make}, {@code model}, {@code label}: "Nikon D1"), or
 *                    {@code null} when the worker reported none (an older worker, or a file that names none)
 * @param ratio       the amplification ratio the worker used, or {@code null} when its result named none
 * @param ratioSource {@code estimated} (by the ratio network) or {@code given} (by the job)
 * @param trueRatio   the ratio the RAW object declares it needs ({@code nightshift-true-ratio} user metadata, as
 *                    the demo's dark versions carry), or {@code null}
 * @param stageMs     the worker's milliseconds per stage ({@code download}, {@code decode}, … {@code upload}), as
 *                    its result reported them
 */
public record FinishedView(String jobId, String sourceKey, String outputKey, int attempt, String output,
                           Map<String, String> previews,
                           String modelSet, CameraView camera, Double ratio, String ratioSource, Double trueRatio,
                           Map<String, Long> stageMs) {
    static FinishedView of(Finished job, OutputFormat format, Double trueRatio) {
        Map<String, String> previews = new LinkedHashMap<>();
        if (job.inputPreview()) {
            previews.put(JobResult.PREVIEW_INPUT, PreviewUrls.of(job.jobId(), JobResult.PREVIEW_INPUT));
        }
        if (job.resultPreview()) {
            previews.put(JobResult.PREVIEW_RESULT, PreviewUrls.of(job.jobId(), JobResult.PREVIEW_RESULT));
        }
        String output = job.outputKey() != null && PreviewUrls.viewable(format) ? PreviewUrls.output(job.jobId()) : null;
        return new FinishedView(job.jobId(), job.sourceKey(), job.outputKey(), job.attempt(), output, previews, job.modelSet(),
                job.camera() == null ? null : CameraView.of(job.camera()), job.ratio(), job.ratioSource() == null ? null : job.ratioSource().wireName(), trueRatio, job.stageMs());
    }
}
