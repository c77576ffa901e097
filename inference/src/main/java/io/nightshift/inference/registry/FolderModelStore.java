package io.nightshift.inference.registry;

import io.nightshift.protocol.ObjectKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A {@link ModelStore} over a local folder: key {@code a/b.onnx} is the file {@code ROOT/a/b.onnx}. */
public final class FolderModelStore implements ModelStore {

    private final Path root;

    public FolderModelStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public byte[] fetch(String key) throws IOException {
        ObjectKeys.requireSafeKey("key", key);
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root)) {
            throw new NoSuchFileException(key, null, "outside the model folder " + root);
        }
        return Files.readAllBytes(file);
    }

    @Override
    public String describe() {
        return "folder " + root;
    }
}
