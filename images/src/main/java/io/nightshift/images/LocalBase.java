package io.nightshift.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A base image assembled from this machine, for where no registry can be reached: one layer with the Debian userland
 * a Java service needs (the C and C++ runtimes, zlib and a shell, as {@code debian:12-slim} has them), the CA bundle of {@code ca-certificates}, the user {@code nightshift} (10001) and an empty {@code /tmp},
 * written as a {@code docker save} archive that Jib takes as {@code tar://}. The Java runtime and the native
 * libraries come on top of any base as the images' own layers ({@link NightshiftImages}).
 */
public final class LocalBase {
    /**
     * The Debian packages of the base layer. {@code dash} is {@code /bin/sh}: ONNX Runtime 1.29 runs shell commands
     * through popen while it creates its environment (telemetry) and crashes the JVM (SIGSEGV in fclose) where
     * there is no shell, so a shell-less base such as distroless does not do.
     */
    public static final List<String> PACKAGES = List.of("libc6", "libgcc-s1", "libstdc++6", "zlib1g", "dash");
    /** The user the images run as (the chart's {@code runAsUser}). */
    public static final int USER_ID = 10001;
    /** The CA bundle of Debian's {@code ca-certificates}, copied into the base. */
    public static final String CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalBase() {
    }

    /** Writes the base image to {@code tar}, using {@code work} (emptied) as scratch space; returns {@code tar}. */
    public static Path assemble(Path work, Path tar) throws IOException {
        ImageFiles.deleteTree(work);
        Path root = Files.createDirectories(work.resolve("rootfs"));
        for (String dir : List.of("usr/bin", "usr/sbin", "usr/lib", "usr/lib64", "etc", "tmp", "proc", "dev", "sys",
                "opt", "root")) {
            Files.createDirectories(root.resolve(dir));
        }
        for (String merged : List.of("bin", "sbin", "lib", "lib64")) { // Debian 12's merged /usr
            Files.createSymbolicLink(root.resolve(merged), Path.of("usr", merged));
        }
        for (String pkg : PACKAGES) {
            for (Path file : Debian.files(pkg)) {
                Path target = root.resolve(file.toString().substring(1));
                Files.createDirectories(target.getParent());
                Files.copy(file, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        // the CA bundle Debian's ca-certificates generates: TLS to S3 and Kafka, and ONNX Runtime looks for it at start
        Path bundle = Path.of(CA_BUNDLE);
        if (!Files.isRegularFile(bundle)) {
            throw new IOException(CA_BUNDLE + " is missing: apt-get install ca-certificates");
        }
        Files.createDirectories(root.resolve(CA_BUNDLE.substring(1)).getParent());
        Files.copy(bundle, root.resolve(CA_BUNDLE.substring(1)));
        Files.writeString(root.resolve("etc/os-release"), Files.readString(Path.of("/etc/os-release")));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/usr/sbin/nologin\n"
                + "nightshift:x:" + USER_ID + ":" + USER_ID + ":Nightshift:/tmp:/usr/sbin/nologin\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\nnightshift:x:" + USER_ID + ":\n");
        Files.writeString(root.resolve("etc/nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n");
        Files.writeString(root.resolve("etc/hosts"), "127.0.0.1 localhost\n");
        Files.writeString(root.resolve("etc/ld.so.conf"), "include /etc/ld.so.conf.d/*.conf\n");
        Debian.run(List.of("ldconfig", "-r", root.toString())); // the loader's cache, as the packages' triggers make it
        Debian.run(List.of("chmod", "1777", root.resolve("tmp").toString()));

        Path layer = work.resolve("layer.tar");
        Debian.run(List.of("tar", "--numeric-owner", "--owner=0", "--group=0", "--sort=name", "--mtime=@1",
                "-C", root.toString(), "-cf", layer.toString(), "."));
        ObjectNode config = JSON.createObjectNode().put("architecture", "amd64").put("os", "linux");
        config.putObject("config").putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
        rootfs.putArray("diff_ids").add(ImageFiles.sha256(layer));
        config.putArray("history").addObject().put("created_by", "nightshift LocalBase: Debian " + PACKAGES);
        JSON.writeValue(work.resolve("config.json").toFile(), config);
        ObjectNode manifest = JSON.createObjectNode().put("Config", "config.json");
        manifest.putArray("RepoTags").add("nightshift/base-local:latest");
        manifest.putArray("Layers").add("layer.tar");
        JSON.writeValue(work.resolve("manifest.json").toFile(), JSON.createArrayNode().add(manifest));
        Files.createDirectories(tar.toAbsolutePath().getParent());
        Files.deleteIfExists(tar);
        Debian.run(List.of("tar", "-C", work.toString(), "-cf", tar.toAbsolutePath().toString(), "manifest.json",
                "config.json", "layer.tar"));
        ImageFiles.deleteTree(work);
        return tar;
    }
}
