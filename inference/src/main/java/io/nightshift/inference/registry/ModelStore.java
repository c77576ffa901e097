package io.nightshift.inference.registry;

import java.io.IOException;

/**
 * Where model sets live: bytes by object key. The worker implements it over MinIO; {@link FolderModelStore}
 * reads a local folder. Keys are relative, {@code /}-separated, checked by the protocol's {@code ObjectKeys}.
 */
public interface ModelStore {

    /**
     * @return the object's bytes
     * @throws java.nio.file.NoSuchFileException when there is no such object
     * @throws IOException when it cannot be read
     */
    byte[] fetch(String key) throws IOException;

    /** Where this store reads from, for messages ({@code folder /models}, {@code s3://models}). */
    String describe();
}
