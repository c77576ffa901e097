package io.nightshift.client.archive;

import java.util.List;

/**
 * What a run of {@code process} did.
 *
 * @param files    RAW files found in the folder
 * @param uploaded files sent to the fleet this run
 * @param skipped  files already done (their results kept)
 * @param done     files whose result was downloaded this run
 * @param failed   files with no result, each in {@code failures} with its reason
 * @param batchId  the run's batch, or null when nothing was sent
 */
public record ArchiveReport(int files, int uploaded, int skipped, int done, int failed, double seconds,
                            String batchId, List<ArchiveFailure> failures) {
}
