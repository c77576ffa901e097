package io.nightshift.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The fleet's images, defined in code and written as OCI image tars by Jib's library without a Docker daemon. Every
 * image is a base (a setting: {@code tar://FILE} or a registry reference) plus Nightshift's own layers:
 * {@code java-runtime} ({@link JavaRuntime} at {@code /opt/java}), {@code native-libraries} (Debian's LibRaw 0.20,
 * {@code libraw_r.so.20}, the library the binding links against, and libjpeg-turbo's {@code libturbojpeg.so.0}, with
 * their dependencies and those of the Java runtime,
 * at {@code /opt/nightshift/lib}, on {@code LD_LIBRARY_PATH}), then the component: for the workers and the dispatcher
 * the Quarkus fast-jar tree at {@code /opt/nightshift/app} ({@code dependencies} and {@code application} layers), for
 * the workers ONNX Runtime's Linux natives pre-extracted at {@code /opt/nightshift/onnxruntime}
 * ({@link OnnxRuntimeNatives}, loaded through {@code JAVA_TOOL_OPTIONS=-Donnxruntime.native.path=…}); for admin the
 * command's jars at {@code /opt/nightshift/admin/lib} and the default model set at
 * {@code /opt/nightshift/models/default}. User 10001, the layout and the command lines the chart
 * ({@code helm/nightshift}) uses.
 */
public final class NightshiftImages {
    /**
     * Debian's packages of the native-libraries layer: LibRaw and what it links to beyond the base, and
     * libjpeg-turbo's TurboJPEG library, which the JPEG encoder's binding ({@code turbojpeg/}) links against.
     */
    public static final List<String> NATIVE_PACKAGES = List.of("libraw20", "libgomp1", "libjpeg62-turbo", "liblcms2-2",
            "libturbojpeg0");
    public static final String APP = "/opt/nightshift/app";
    public static final String NATIVE_LIBRARIES = "/opt/nightshift/lib";
    public static final String ADMIN_LIB = "/opt/nightshift/admin/lib";
    public static final String MODELS = "/opt/nightshift/models/default";
    /** The base the CUDA worker is meant for (pulled from a registry where one is reachable). */
    public static final String CUDA_BASE = "nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04";
    /** A real base for the other images where a registry is reachable (the local base stands in for it here). */
    public static final String DEBIAN_BASE = "debian:12-slim";

    /** The four images. */
    public enum Kind {
        WORKER("worker"), WORKER_CUDA("worker-cuda"), DISPATCHER("dispatcher"), ADMIN("admin");

        public final String imageName;

        Kind(String imageName) {
            this.imageName = imageName;
        }
    }

    /** One written image: its tar, digest and size. */
    public record Built(Kind kind, Path tar, String reference, String digest, long bytes) {
    }

    private final Path jdk;
    private final Path work;
    private final String repository;
    private final String tag;

    /**
     * @param jdk        the JDK whose runtime the images carry ({@link JavaRuntime#defaultJdk()})
     * @param work       scratch space kept between builds (the linked runtime, Jib's layer caches)
     * @param repository the images' repository prefix ({@code ghcr.io/nightshift}, the chart's default)
     * @param tag        their tag (the chart's appVersion)
     */
    public NightshiftImages(Path jdk, Path work, String repository, String tag) {
        this.jdk = jdk;
        this.work = work;
        this.repository = repository;
        this.tag = tag;
    }

    /**
     * Builds {@code kind} on {@code base} into {@code tar}. {@code source} is the component's packaged form: the
     * Quarkus fast-jar folder ({@code target/quarkus-app}; for worker-cuda one built with {@code -Pgpu}), or for
     * admin the checkout's root (it takes {@code admin/target} and {@code models/default}).
     */
    public Built build(Kind kind, String base, Path source, Path tar) throws Exception {
        JibContainerBuilder jib = from(base);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", JavaRuntime.HOME_IN_IMAGE + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("JAVA_HOME", JavaRuntime.HOME_IN_IMAGE);
        env.put("LANG", "C.UTF-8");
        env.put("HOME", "/tmp");
        // NVIDIA's bases set /usr/local/nvidia/lib{,64} here (the driver's libraries the runtime mounts): kept
        env.put("LD_LIBRARY_PATH", NATIVE_LIBRARIES + (kind == Kind.WORKER_CUDA
                ? ":/usr/local/nvidia/lib:/usr/local/nvidia/lib64" : ""));
        List<FileEntriesLayer> layers = new ArrayList<>();
        layers.add(tree("java-runtime", JavaRuntime.link(jdk, work.resolve("java-runtime")),
                JavaRuntime.HOME_IN_IMAGE, Set.of(".nightshift-runtime")));
        layers.add(nativeLibraries());
        List<String> entrypoint;
        switch (kind) {
            case WORKER, WORKER_CUDA -> {
                Path ortWork = work.resolve("onnxruntime").resolve(kind.imageName);
                ImageFiles.deleteTree(ortWork);
                List<Path> jars = jars(source.resolve("lib"));
                Path ortJar = OnnxRuntimeNatives.find(jars).orElseThrow(() -> new IOException(
                        source + " has no ONNX Runtime jar: is it a worker's target/quarkus-app?"));
                Path slim = ortWork.resolve("slim").resolve(ortJar.getFileName());
                List<String> natives = OnnxRuntimeNatives.split(ortJar, ortWork.resolve("native"), slim);
                boolean cudaBuild = natives.contains("libonnxruntime_providers_cuda.so");
                if (cudaBuild != (kind == Kind.WORKER_CUDA)) {
                    throw new IOException(source + " carries " + ortJar.getFileName() + ": the " + kind.imageName
                            + " image needs " + (cudaBuild ? "the CPU build" : "the GPU build (./mvnw -Pgpu package)"));
                }
                layers.add(fastJarDependencies(source, Map.of(ortJar, slim)));
                layers.add(fastJarApplication(source));
                layers.add(tree("onnxruntime-natives", ortWork.resolve("native"), OnnxRuntimeNatives.PATH_IN_IMAGE,
                        Set.of()));
                env.put("JAVA_TOOL_OPTIONS", "-D" + OnnxRuntimeNatives.PROPERTY + "=" + OnnxRuntimeNatives.PATH_IN_IMAGE);
                entrypoint = List.of("java", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp",
                        "-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp", "-jar", APP + "/quarkus-run.jar");
                jib.addExposedPort(Port.tcp(8090));
            }
            case DISPATCHER -> {
                layers.add(fastJarDependencies(source, Map.of()));
                layers.add(fastJarApplication(source));
                entrypoint = List.of("java", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-jar",
                        APP + "/quarkus-run.jar");
                jib.addExposedPort(Port.tcp(8080));
            }
            case ADMIN -> {
                layers.add(adminLibraries(source));
                layers.add(tree("models", source.resolve("models/default"), MODELS, Set.of()));
                entrypoint = List.of("java", "-Djava.io.tmpdir=/tmp", "-cp", ADMIN_LIB + "/*",
                        "io.nightshift.admin.AdminCli");
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
        String reference = repository + "/" + kind.imageName + ":" + tag;
        jib.setFormat(ImageFormat.OCI)
                .setFileEntriesLayers(layers)
                .setEnvironment(env)
                .setEntrypoint(entrypoint)
                .setProgramArguments(List.of())
                .setUser(LocalBase.USER_ID + ":" + LocalBase.USER_ID)
                .setWorkingDirectory(AbsoluteUnixPath.get("/tmp"))
                .addLabel("org.opencontainers.image.title", "nightshift-" + kind.imageName)
                .addLabel("org.opencontainers.image.version", tag)
                .addLabel("org.opencontainers.image.base.name", base);
        Files.createDirectories(tar.toAbsolutePath().getParent());
        Containerizer to = Containerizer.to(TarImage.at(tar.toAbsolutePath()).named(reference))
                .setBaseImageLayersCache(work.resolve("jib-cache/base"))
                .setApplicationLayersCache(work.resolve("jib-cache/application"))
                .setOfflineMode(base.startsWith(Jib.TAR_IMAGE_PREFIX))
                .setToolName("nightshift-images");
        JibContainer container = jib.containerize(to);
        return new Built(kind, tar, reference, container.getDigest().toString(), Files.size(tar));
    }

    static JibContainerBuilder from(String base) throws Exception {
        if (base.startsWith(Jib.TAR_IMAGE_PREFIX)) {
            Path file = Path.of(base.substring(Jib.TAR_IMAGE_PREFIX.length()));
            if (!Files.isRegularFile(file)) {
                throw new IOException("the base image " + file + " does not exist");
            }
            return Jib.from(TarImage.at(file));
        }
        return Jib.from(RegistryImage.named(ImageReference.parse(base)));
    }

    private FileEntriesLayer nativeLibraries() throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("native-libraries");
        Set<String> names = new HashSet<>();
        List<String> packages = new ArrayList<>(NATIVE_PACKAGES);
        JavaRuntime.DEBIAN_PACKAGES.stream().filter(p -> !packages.contains(p)).forEach(packages::add);
        for (String pkg : packages) {
            List<Path> libs = Debian.sharedLibraries(pkg);
            Set<Path> linked = new HashSet<>();
            for (Path lib : libs) {
                if (Files.isSymbolicLink(lib)) {
                    linked.add(lib.toRealPath());
                }
            }
            for (Path lib : libs) {
                // a symbolic link (the soname) becomes a copy of its target, which is left out: no links in layers
                if (!linked.contains(lib.toRealPath()) || Files.isSymbolicLink(lib)) {
                    if (!names.add(lib.getFileName().toString())) {
                        continue;
                    }
                    layer.addEntry(lib.toRealPath(), AbsoluteUnixPath.get(NATIVE_LIBRARIES).resolve(lib.getFileName()),
                            FilePermissions.fromOctalString("644"));
                }
            }
        }
        return layer.build();
    }

    private static FileEntriesLayer fastJarDependencies(Path app, Map<Path, Path> replaced) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("dependencies");
        AbsoluteUnixPath lib = AbsoluteUnixPath.get(APP).resolve("lib");
        for (Path file : files(app.resolve("lib"))) {
            Path source = replaced.getOrDefault(file, file);
            layer.addEntry(source, lib.resolve(app.resolve("lib").relativize(file).toString()), permissions(source));
        }
        return layer.build();
    }

    private static FileEntriesLayer fastJarApplication(Path app) throws IOException {
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            throw new IOException(app + "/quarkus-run.jar is missing: package the service first (./nightshift build)");
        }
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("application");
        for (Path file : files(app)) {
            if (!file.startsWith(app.resolve("lib"))) {
                layer.addEntry(file, AbsoluteUnixPath.get(APP).resolve(app.relativize(file).toString()),
                        permissions(file));
            }
        }
        return layer.build();
    }

    private static FileEntriesLayer adminLibraries(Path home) throws IOException {
        Path target = home.resolve("admin/target");
        Path classpath = target.resolve("classpath.txt");
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> list = Files.list(target)) {
            list.filter(p -> p.getFileName().toString().matches("nightshift-admin-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-sources.jar")).forEach(jars::add);
        }
        if (jars.isEmpty() || !Files.isRegularFile(classpath)) {
            throw new IOException(target + " has no packaged admin jar and classpath.txt: ./nightshift build");
        }
        for (String entry : Files.readString(classpath).trim().split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                jars.add(packagedJar(Path.of(entry)));
            }
        }
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("admin");
        Set<String> names = new HashSet<>();
        for (Path jar : jars) {
            if (!names.add(jar.getFileName().toString())) {
                throw new IOException("two jars named " + jar.getFileName() + " on the admin class path");
            }
            layer.addEntry(jar, AbsoluteUnixPath.get(ADMIN_LIB).resolve(jar.getFileName().toString()),
                    FilePermissions.fromOctalString("644"));
        }
        return layer.build();
    }

    /** A class path entry as a jar: a reactor module's {@code target/classes} (a build with -am) becomes its jar. */
    static Path packagedJar(Path entry) throws IOException {
        if (!Files.isDirectory(entry)) {
            return entry;
        }
        Path target = entry.getParent();
        try (Stream<Path> list = Files.list(target)) {
            List<Path> found = list.filter(p -> p.toString().endsWith(".jar"))
                    .filter(p -> !p.toString().endsWith("-sources.jar") && !p.toString().endsWith("-tests.jar")).toList();
            if (found.size() != 1) {
                throw new IOException("no single packaged jar beside " + entry + ": " + found);
            }
            return found.get(0);
        }
    }

    private static FileEntriesLayer tree(String name, Path dir, String target, Set<String> leftOut) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is missing");
        }
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        for (Path file : files(dir)) {
            if (!leftOut.contains(file.getFileName().toString())) {
                layer.addEntry(file, AbsoluteUnixPath.get(target).resolve(dir.relativize(file).toString()),
                        permissions(file));
            }
        }
        return layer.build();
    }

    /** Regular files below {@code dir} (links followed to their files), in a stable order. */
    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static List<Path> jars(Path dir) throws IOException {
        return files(dir).stream().filter(p -> p.toString().endsWith(".jar")).toList();
    }

    /** 755 for what its owner may execute here (the runtime's bin/, its jspawnhelper), else 644. */
    private static FilePermissions permissions(Path file) {
        return FilePermissions.fromOctalString(Files.isExecutable(file) && !file.toString().endsWith(".jar")
                && !file.toString().endsWith(".so") ? "755" : "644");
    }

}
