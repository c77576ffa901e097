package io.nightshift.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one job attempt: protocol v1's result event.
 *
 * @param jobId       the job
 * @param batchId     its batch
 * @param attempt     the attempt this result is for
 * @param status      DONE or FAILED
 * @param outputKey   the written image's key (DONE), else {@code null}
 * @param previewKeys JPEG previews by role ({@value #PREVIEW_INPUT}, {@value #PREVIEW_RESULT}); empty when none
 * @param modelSet    the model-set version used, or {@code null} when the job failed before inference
 * @param ratio       the amplification ratio used, or {@code null}
 * @param ratioSource where the ratio came from, or {@code null}
 * @param camera      the camera the RAW file names, or {@code null} when the job failed before decoding or the file
 *                    names none (protocol v1 addition: older writers never set it)
 * @param stageMs     milliseconds spent per stage (stages not reached are absent)
 * @param workerId    the worker that ran the attempt
 * @param errorClass  why it failed (FAILED), else {@code null}: an {@link ErrorClass}'s wire name, or a later
 *                    protocol addition's ({@link ErrorClass#isWellFormedName}), which this version keeps as text
 * @param reason      human-readable reason (FAILED), else {@code null}
 * @param finishedAt  when the attempt ended
 */
public record JobResult(String jobId, String batchId, int attempt, JobStatus status, String outputKey,
                        Map<String, String> previewKeys, String modelSet, Double ratio, RatioSource ratioSource,
                        Camera camera, Map<Stage, Long> stageMs, String workerId, String errorClass, String reason,
                        Instant finishedAt) {
    /** Preview role: a plain rendering of the dark input. */
    public static final String PREVIEW_INPUT = "input";
    /** Preview role: the enhanced result. */
    public static final String PREVIEW_RESULT = "result";

    public JobResult {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(finishedAt, "finishedAt");
        previewKeys = previewKeys == null ? Map.of() : Map.copyOf(previewKeys);
        stageMs = stageMs == null ? Map.of() : Map.copyOf(stageMs);
        if (status == JobStatus.DONE && outputKey == null) {
            throw new IllegalArgumentException("a DONE result needs its outputKey");
        }
        if (status == JobStatus.FAILED && (errorClass == null || reason == null)) {
            throw new IllegalArgumentException("a FAILED result needs errorClass and reason");
        }
        if (errorClass != null && !ErrorClass.isWellFormedName(errorClass)) {
            throw new IllegalArgumentException("errorClass '" + errorClass + "' is not " + ErrorClass.NAME_RULE);
        }
    }

    /** The error class when this version knows it; empty when the result has none or a later protocol's. */
    public Optional<ErrorClass> knownErrorClass() {
        return errorClass == null ? Optional.empty() : ErrorClass.byWireName(errorClass);
    }

    /** A successful attempt. */
    public static JobResult done(Job job, String outputKey, Map<String, String> previewKeys, String modelSet,
                                 double ratio, RatioSource ratioSource, Camera camera, Map<Stage, Long> stageMs,
                                 String workerId, Instant finishedAt) {
        return new JobResult(job.jobId(), job.batchId(), job.attempt(), JobStatus.DONE, outputKey, previewKeys,
                modelSet, ratio, ratioSource, camera, stageMs, workerId, null, null, finishedAt);
    }

    /** A failed attempt; ids come from the job or, for an unparseable job, from whatever could be read. */
    public static JobResult failed(String jobId, String batchId, int attempt, ErrorClass errorClass, String reason,
                                   Map<Stage, Long> stageMs, String workerId, Instant finishedAt) {
        return new JobResult(jobId, batchId, attempt, JobStatus.FAILED, null, Map.of(), null, null, null, null,
                stageMs, workerId, errorClass.name(), reason, finishedAt);
    }
}
