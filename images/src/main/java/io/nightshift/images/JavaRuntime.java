package io.nightshift.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java runtime of every image: {@code jlink} of this machine's JDK 17 (Debian's {@code openjdk-17-jdk-headless})
 * with the modules the services use, and without the libraries of a desktop session (X11 windows, splash screen,
 * sound, font rendering), which a headless service never loads and whose X11/ALSA/FreeType dependencies no image
 * carries.
 */
public final class JavaRuntime {
    /** Every standard {@code java.*} module, and the JDK modules the services' libraries reach for. */
    public static final List<String> MODULES = List.of("java.se", "jdk.unsupported", "jdk.crypto.ec", "jdk.management",
            "jdk.naming.dns", "jdk.zipfs", "jdk.security.auth", "jdk.security.jgss");
    /** Native parts of java.desktop a headless service never loads (Debian's own headless split leaves them out). */
    public static final List<String> DESKTOP_SESSION_LIBRARIES = List.of("libawt_xawt.so", "libsplashscreen.so",
            "libjawt.so", "libjsound.so", "libfontmanager.so");
    /** Debian's packages with the libraries the remaining runtime links to (beside the base's libc and zlib). */
    public static final List<String> DEBIAN_PACKAGES = List.of("libjpeg62-turbo", "liblcms2-2");
    /** Where the images carry it. */
    public static final String HOME_IN_IMAGE = "/opt/java";

    private JavaRuntime() {
    }

    /** The JDK the images take their runtime from: Debian's JDK 17 where installed, else the running one. */
    public static Path defaultJdk() {
        Path debian = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
        return Files.isExecutable(debian.resolve("bin/jlink")) ? debian : Path.of(System.getProperty("java.home"));
    }

    /**
     * Links the runtime into {@code out} (which must not exist), or reuses {@code out} when a previous link left
     * its marker there.
     */
    public static Path link(Path jdk, Path out) throws IOException {
        Path marker = out.resolve(".nightshift-runtime");
        String recipe = jdk + " " + MODULES + " -" + DESKTOP_SESSION_LIBRARIES;
        if (Files.isRegularFile(marker) && Files.readString(marker).equals(recipe)) {
            return out;
        }
        Files.createDirectories(out.getParent());
        ImageFiles.deleteTree(out);
        List<String> command = new ArrayList<>(List.of(jdk.resolve("bin/jlink").toString(), "--add-modules",
                String.join(",", MODULES), "--output", out.toString(), "--strip-debug", "--no-man-pages",
                "--no-header-files", "--compress=0")); // the image's layers are compressed anyway; linking is faster
        Debian.run(command);
        for (String name : DESKTOP_SESSION_LIBRARIES) {
            Files.deleteIfExists(out.resolve("lib").resolve(name));
        }
        Files.writeString(marker, recipe);
        return out;
    }
}
