package io.nightshift.client.fleet;

/**
 * A batch's progress as the dispatcher reports it.
 *
 * @param state     LISTING, SEALED, CANCELLED or OPEN
 * @param total     the number of jobs once the batch is sealed, else null
 */
public record BatchStatus(String batchId, String state, long published, Long total, long queued, long done,
                          long failed) {
    /** Sealed with every job done or failed, or cancelled with nothing left queued. */
    public boolean ended() {
        return switch (state) {
            case "SEALED" -> total != null && done + failed >= total;
            case "CANCELLED" -> queued == 0;
            default -> false;
        };
    }
}
