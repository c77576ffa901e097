package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.progress.Finished;
import io.nightshift.protocol.JobResult;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A done job as the API shows it.
 *
 * @param sourceKey the RAW object's key, or {@code null} when its job record was not seen
 * @param attempt   the attempt whose result counts
 * @param previews  the dispatcher's URLs of the JPEG previews by role ({@code input}: plain rendering of the dark
 *                  input, {@code result}: the enhanced image); a role the worker did not report is absent
 */
public record FinishedView(String jobId, String sourceKey, String outputKey, int attempt, Map<String, String> previews) {
    static FinishedView of(Finished job) {
        Map<String, String> previews = new LinkedHashMap<>();
        if (job.inputPreview()) {
            previews.put(JobResult.PREVIEW_INPUT, PreviewUrls.of(job.jobId(), JobResult.PREVIEW_INPUT));
        }
        if (job.resultPreview()) {
            previews.put(JobResult.PREVIEW_RESULT, PreviewUrls.of(job.jobId(), JobResult.PREVIEW_RESULT));
        }
        return new FinishedView(job.jobId(), job.sourceKey(), job.outputKey(), job.attempt(), previews);
    }
}
