package io.nightshift.dispatcher.rest;

import java.util.List;

/**
 * The body of {@code POST /api/dead-letters/replay}: either {@code jobIds} (1–1000) or {@code batchId} (every
 * dead-lettered job of the batch); {@code force} also replays poison and unknown error classes.
 */
public record ReplayRequestBody(List<String> jobIds, String batchId, Boolean force) {
}
