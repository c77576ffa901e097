package io.nightshift.dispatcher.progress;

import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;

/** One batch's counters (distinct jobs seen, done, failed) and its failed and done job ids in id order. */
final class BatchProgress {
    final String batchId;
    volatile long seen;
    volatile long done;
    volatile long failed;
    final NavigableSet<String> failedJobs = new ConcurrentSkipListSet<>();
    final NavigableSet<String> doneJobs = new ConcurrentSkipListSet<>();

    BatchProgress(String batchId) {
        this.batchId = batchId;
    }

    void count(String jobId, JobState.Status before, JobState.Status after) {
        if (before == after) {
            return;
        }
        if (before == JobState.Status.DONE) {
            done--;
            doneJobs.remove(jobId);
        } else if (before == JobState.Status.FAILED) {
            failed--;
            failedJobs.remove(jobId);
        }
        if (after == JobState.Status.DONE) {
            done++;
            doneJobs.add(jobId);
        } else if (after == JobState.Status.FAILED) {
            failed++;
            failedJobs.add(jobId);
        }
    }
}
