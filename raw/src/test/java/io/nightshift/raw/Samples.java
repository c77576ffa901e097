package io.nightshift.raw;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real camera files of {@code ../shared/raw-samples}; a test that needs them fails when they are missing. */
public final class Samples {

    public static final String NIKON_D1 = "RAW_NIKON_D1.NEF";
    public static final String CANON_D30 = "RAW_CANON_D30_SRGB.CRW";
    public static final String KODAK_DC50 = "RAW_KODAK_DC50.KDC";

    private Samples() {
    }

    public static Path folder() {
        String home = System.getProperty("nightshift.home");
        if (home == null || home.isBlank()) {
            fail("system property nightshift.home (the repository root) is not set; run the tests through Maven");
        }
        Path folder = Path.of(home).resolve("../shared/raw-samples").normalize();
        if (!Files.isDirectory(folder)) {
            fail("RAW samples folder " + folder + " is missing: the shared samples must sit beside the clone");
        }
        return folder;
    }

    public static Path path(String name) {
        Path file = folder().resolve(name);
        if (!Files.isRegularFile(file)) {
            fail("RAW sample " + file + " is missing");
        }
        return file;
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
