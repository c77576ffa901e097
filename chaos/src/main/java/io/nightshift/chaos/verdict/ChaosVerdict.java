package io.nightshift.chaos.verdict;

import java.util.List;

/**
 * The verdict of a chaos run on what it observed.
 *
 * @param jobs                      distinct job ids on the jobs topic (good, bad, and records without one counted once)
 * @param goodJobs                  good inputs
 * @param outputsOk                 good jobs with exactly one complete output of the right size, both previews and a
 *                                  DONE result as the latest attempt
 * @param lost                      good inputs without that (ids in {@code lostIds})
 * @param goodDeadLettered          good jobs with a dead letter
 * @param badInputs                 bad inputs
 * @param badDeadLetteredCorrectly  bad inputs whose latest dead letter carries the expected error class and that have
 *                                  no output
 * @param strayObjects              objects under the output prefix that no job owns (as output or preview)
 * @param duplicates                good sources published as more than one job (two outputs' worth of work)
 * @param duplicateResults          DONE results beyond the first of one job's attempt (a redone job: wasted work,
 *                                  not a loss; reported, not judged)
 * @param maxAttempts               the highest attempt of a job record or try count of a dead letter
 * @param offsetsAtEnd              whether the workers' committed offsets reach the end of every jobs partition
 * @param problems                  one line per failed check, for the operator
 */
public record ChaosVerdict(int jobs, int goodJobs, int outputsOk, int lost, List<String> lostIds, int goodDeadLettered,
                           int badInputs, int badDeadLetteredCorrectly, int strayObjects, int duplicates,
                           int duplicateResults, int maxAttempts, boolean offsetsAtEnd, List<String> problems) {

    /** Every check of the verdict itself held (the faults' evidence is judged beside it). */
    public boolean clean(int attemptBound) {
        return lost == 0 && goodDeadLettered == 0 && strayObjects == 0 && badDeadLetteredCorrectly == badInputs
                && duplicates == 0 && maxAttempts <= attemptBound && offsetsAtEnd;
    }
}
