package io.nightshift.client.fleet;

import java.util.List;

/** The dispatcher's answer to a dead-letter replay: per job requeued (with its new attempt) or skipped (why). */
public record ReplayResult(int requeued, int skipped, List<Item> items) {
    /** @param attempt the attempt published, or null when skipped; @param reason why skipped, or null */
    public record Item(String jobId, boolean requeued, Integer attempt, String reason) {
    }
}
