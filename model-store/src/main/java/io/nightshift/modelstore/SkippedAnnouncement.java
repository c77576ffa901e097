package io.nightshift.modelstore;

/**
 * A record of a model-set channel that cannot be used as an announcement (not JSON, not a manifest, an unsafe
 * model key, another major version): skipped, so that one bad record never stops a reader.
 *
 * @param topic     the model-set topic
 * @param partition its partition
 * @param offset    the record's offset
 * @param reason    why it cannot be used
 */
public record SkippedAnnouncement(String topic, int partition, long offset, String reason) {
}
