package io.nightshift.modelstore;

import io.nightshift.protocol.ModelSetManifest;

/**
 * One model-set announcement read from the model-set topic.
 *
 * @param channel  the record key (the model-set channel, {@code default} unless configured)
 * @param manifest the announced set
 * @param offset   the record's offset on the topic
 */
public record Announcement(String channel, ModelSetManifest manifest, long offset) {

    /** Where the announced set's manifest lies in the models bucket ({@link ModelSetLayout}). */
    public String manifestKey() {
        return ModelSetLayout.manifestKey(manifest.setVersion());
    }
}
