package io.nightshift.dispatcher.progress;

import io.nightshift.protocol.Camera;
import io.nightshift.protocol.RatioSource;

/**
 * What progress keeps per job id: enough to count it once, let the latest attempt win, list it as a failure and
 * re-enqueue it, and show a finished one's previews. About 200–300 bytes per job on a 64-bit JVM with compressed references (the map entry, this
 * object, the job id and the source and output keys, plus the two preview keys, ratio and model-set reference of a done job; the batch and bucket are shared references), and about 50 more for a done job's stage timings (an int per stage).
 */
final class JobState {
    final BatchProgress batch;
    String sourceBucket;
    String sourceKey;
    String outputKey;
    /** Highest attempt seen on the jobs topic (or re-enqueued here); 0 when only a result was seen. */
    int queuedAttempt;
    /** Attempt of the result that counts; 0 when none. */
    int resultAttempt;
    /** The counting result: true DONE, false FAILED (meaningful when {@code resultAttempt > 0}). */
    boolean done;
    /** The wire name, also of a class this version does not know (a later protocol addition). */
    String errorClass;
    String reason;
    /** JPEG preview keys of the counting DONE result (plain rendering of the input, result); null when none. */
    String previewInput;
    String previewResult;
    /** The counting DONE result's model-set version (shared string), ratio and where the ratio came from. */
    String modelSet;
    float ratio;
    RatioSource ratioSource;
    /** The counting DONE result's milliseconds per {@code Stage} (by ordinal, -1: not reported), or null. */
    int[] stageMs;
    /** The camera the counting DONE result named (shared record), or null. */
    Camera camera;

    JobState(BatchProgress batch) {
        this.batch = batch;
    }

    /** QUEUED while a newer attempt than the latest result is queued, or no result has come. */
    Status status() {
        if (resultAttempt == 0 || queuedAttempt > resultAttempt) {
            return Status.QUEUED;
        }
        return done ? Status.DONE : Status.FAILED;
    }

    enum Status { QUEUED, DONE, FAILED }
}
