package io.nightshift.trainer.cli;

import io.nightshift.inference.registry.ModelRegistry;
import io.nightshift.modelstore.Announcement;
import io.nightshift.modelstore.ModelSetAnnouncements;
import io.nightshift.modelstore.ModelSetLayout;
import io.nightshift.modelstore.S3ModelStore;
import io.nightshift.protocol.ModelFile;
import io.nightshift.protocol.ModelSetManifest;
import io.nightshift.protocol.ProtocolJson;
import io.nightshift.protocol.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeoutException;

/**
 * The set a channel serves now — its latest announcement on the model-set topic — fetched from the models bucket
 * into a folder the registry loads ({@code manifest.json} beside the models), for {@link PublishCli}'s gate.
 */
final class ServingSet {

    private ServingSet() {
    }

    /** The version the channel serves, if any set was ever announced on it. */
    static Optional<String> version(Properties kafka, String channel) throws IOException {
        try {
            return ModelSetAnnouncements.latest(kafka, Topic.MODEL_SETS.topicName(), channel, Duration.ofSeconds(30))
                    .map(Announcement::manifest).map(ModelSetManifest::setVersion);
        } catch (TimeoutException e) {
            throw new IOException("could not read the model-set topic to its end within 30 s: " + e.getMessage(), e);
        }
    }

    /** Fetches set {@code version} into {@code dir}; the folder. */
    static Path fetch(S3ModelStore store, String version, Path dir) throws IOException {
        byte[] manifestBytes = store.fetch(ModelSetLayout.manifestKey(version));
        ModelSetManifest manifest = ProtocolJson.readModelSet(manifestBytes);
        Files.createDirectories(dir);
        for (ModelFile file : manifest.files()) {
            Path target = dir.resolve(file.key()).normalize();
            if (!target.startsWith(dir.normalize()) || target.equals(dir.normalize())) {
                throw new IOException("set " + version + " names a model outside its folder: " + file.key());
            }
            Files.createDirectories(target.getParent());
            Files.write(target, store.fetch(ModelSetLayout.modelKey(version, file.key())));
        }
        Files.write(dir.resolve(ModelRegistry.MANIFEST), manifestBytes);
        return dir;
    }
}
