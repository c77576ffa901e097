package io.nightshift.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image tar unpacked into a folder, as a container runtime lays out its root filesystem: the layers of an OCI
 * archive ({@code index.json}, {@code blobs/sha256/…}) or of a {@code docker save} archive ({@code manifest.json})
 * extracted in order, and the image's configuration (entrypoint, environment, user). Whiteout files are not applied:
 * Nightshift's images delete nothing from their base.
 */
public record ImageTree(Path root, List<String> entrypoint, Map<String, String> env, String user, int layers) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Unpacks {@code tar} into {@code root} (created; must be empty or absent). */
    public static ImageTree unpack(Path tar, Path root) throws IOException {
        Path staging = Files.createDirectories(root.resolveSibling(root.getFileName() + ".archive"));
        try {
            Debian.run(List.of("tar", "-xf", tar.toAbsolutePath().toString(), "-C", staging.toString()));
            List<Path> layerFiles = new ArrayList<>();
            JsonNode config;
            if (Files.isRegularFile(staging.resolve("index.json"))) {
                JsonNode index = JSON.readTree(staging.resolve("index.json").toFile());
                JsonNode manifest = JSON.readTree(blob(staging, index.path("manifests").path(0).path("digest").asText()).toFile());
                for (JsonNode layer : manifest.path("layers")) {
                    layerFiles.add(blob(staging, layer.path("digest").asText()));
                }
                config = JSON.readTree(blob(staging, manifest.path("config").path("digest").asText()).toFile());
            } else {
                JsonNode manifest = JSON.readTree(staging.resolve("manifest.json").toFile()).path(0);
                for (JsonNode layer : manifest.path("Layers")) {
                    layerFiles.add(staging.resolve(layer.asText()));
                }
                config = JSON.readTree(staging.resolve(manifest.path("Config").asText()).toFile());
            }
            Files.createDirectories(root);
            for (Path layer : layerFiles) { // tar detects gzip by itself
                Debian.run(List.of("tar", "-xf", layer.toString(), "-C", root.toString(), "--numeric-owner"));
            }
            JsonNode c = config.path("config");
            List<String> entrypoint = new ArrayList<>();
            c.path("Entrypoint").forEach(n -> entrypoint.add(n.asText()));
            c.path("Cmd").forEach(n -> entrypoint.add(n.asText()));
            Map<String, String> env = new LinkedHashMap<>();
            for (JsonNode e : c.path("Env")) {
                String s = e.asText();
                int eq = s.indexOf('=');
                env.put(s.substring(0, eq), s.substring(eq + 1));
            }
            return new ImageTree(root, List.copyOf(entrypoint), env, c.path("User").asText(""), layerFiles.size());
        } finally {
            ImageFiles.deleteTree(staging);
        }
    }

    private static Path blob(Path staging, String digest) throws IOException {
        if (!digest.startsWith("sha256:")) {
            throw new IOException("unexpected digest '" + digest + "'");
        }
        return staging.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }
}
