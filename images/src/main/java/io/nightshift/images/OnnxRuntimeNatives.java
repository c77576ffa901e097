package io.nightshift.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * ONNX Runtime's natives out of its jar: the Linux x64 ones extracted once into a folder the image loads through
 * {@code -Donnxruntime.native.path} (not extracted into /tmp at each start), and the jar rewritten without any
 * native (Windows, macOS, Linux aarch64 and the extracted ones): for {@code onnxruntime_gpu} that leaves out ~354 MB
 * of Windows natives and a second copy of the 583 MB CUDA provider.
 */
public final class OnnxRuntimeNatives {
    /** Where the images carry the extracted natives. */
    public static final String PATH_IN_IMAGE = "/opt/nightshift/onnxruntime";
    /** The system property ONNX Runtime's Java API loads its natives from. */
    public static final String PROPERTY = "onnxruntime.native.path";
    static final String NATIVE_PREFIX = "ai/onnxruntime/native/";
    static final String LINUX_X64 = NATIVE_PREFIX + "linux-x64/";

    private OnnxRuntimeNatives() {
    }

    /** The ONNX Runtime jar (CPU or GPU build) among {@code jars}, if any. */
    public static Optional<Path> find(List<Path> jars) throws IOException {
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                if (zip.getEntry("ai/onnxruntime/OnnxRuntime.class") != null) {
                    return Optional.of(jar);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Extracts the Linux x64 natives of {@code jar} into {@code nativeDir} and writes {@code slimJar}, the jar without
     * natives; returns the extracted files' names.
     */
    public static List<String> split(Path jar, Path nativeDir, Path slimJar) throws IOException {
        Files.createDirectories(nativeDir);
        Files.createDirectories(slimJar.toAbsolutePath().getParent());
        List<String> extracted = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(slimJar))) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.startsWith(NATIVE_PREFIX)) {
                    if (name.startsWith(LINUX_X64) && !entry.isDirectory() && name.indexOf('/', LINUX_X64.length()) < 0) {
                        String file = name.substring(LINUX_X64.length());
                        try (InputStream in = zip.getInputStream(entry)) {
                            Files.copy(in, nativeDir.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        }
                        extracted.add(file);
                    }
                    continue;
                }
                out.putNextEntry(new ZipEntry(name));
                if (!entry.isDirectory()) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
        if (extracted.stream().noneMatch(f -> f.equals("libonnxruntime.so"))) {
            throw new IOException(jar + " has no " + LINUX_X64 + "libonnxruntime.so");
        }
        return extracted;
    }
}
