package io.nightshift.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./nightshift images}: OCI image tars of the worker, the dispatcher and the admin command (and worker-cuda
 * where a CUDA base is given) in {@code .nightshift/images/}. Without {@code --base} the base is assembled from this
 * machine ({@link LocalBase}). {@code --check} also unpacks each image and checks its native libraries
 * ({@link NativeCheck}). The last line is JSON.
 */
public final class ImagesCli {
    private ImagesCli() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("nightshift.home", ".")).toAbsolutePath().normalize();
        Map<String, String> options = new LinkedHashMap<>();
        boolean check = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--check")) {
                check = true;
            } else if (a.startsWith("--") && i + 1 < args.length && List.of("--base", "--cuda-base", "--cuda-app",
                    "--out", "--repository", "--tag", "--only").contains(a)) {
                options.put(a.substring(2), args[++i]);
            } else {
                System.err.println("usage: nightshift images [--base tar://FILE|REF] [--cuda-base REF] "
                        + "[--cuda-app DIR] [--only worker,dispatcher,admin,worker-cuda] [--out DIR] [--repository R] "
                        + "[--tag T] [--check]");
                System.exit(2);
            }
        }
        Path out = Path.of(options.getOrDefault("out", home.resolve(".nightshift/images").toString()));
        Path work = home.resolve(".nightshift/images-work");
        long started = System.nanoTime();
        String base = options.get("base");
        if (base == null) {
            System.err.println("assembling the local base from this machine's Debian packages " + LocalBase.PACKAGES);
            base = JIB_TAR + LocalBase.assemble(work.resolve("base"), out.resolve("base-local.tar"));
        }
        String cudaBase = options.get("cuda-base");
        List<String> only = List.of(options.getOrDefault("only", cudaBase == null ? "worker,dispatcher,admin"
                : "worker,dispatcher,admin,worker-cuda").split(","));
        NightshiftImages images = new NightshiftImages(JavaRuntime.defaultJdk(), work,
                options.getOrDefault("repository", "ghcr.io/nightshift"), options.getOrDefault("tag", "0.1.0"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode result = json.createObjectNode().put("base", base);
        ArrayNode built = result.putArray("images");
        List<String> failures = new ArrayList<>();
        for (NightshiftImages.Kind kind : NightshiftImages.Kind.values()) {
            if (!only.contains(kind.imageName)) {
                continue;
            }
            Path source = switch (kind) {
                case WORKER -> home.resolve("worker/target/quarkus-app");
                case WORKER_CUDA -> Path.of(options.getOrDefault("cuda-app",
                        home.resolve("worker/target/quarkus-app-cuda").toString()));
                case DISPATCHER -> home.resolve("dispatcher/target/quarkus-app");
                case ADMIN -> home;
            };
            String kindBase = kind == NightshiftImages.Kind.WORKER_CUDA
                    ? (cudaBase == null ? NightshiftImages.CUDA_BASE : cudaBase) : base;
            System.err.println("building " + kind.imageName + " on " + kindBase);
            long t = System.nanoTime();
            NightshiftImages.Built b = images.build(kind, kindBase, source, out.resolve(kind.imageName + ".tar"));
            ObjectNode node = built.addObject().put("image", kind.imageName).put("reference", b.reference())
                    .put("tar", b.tar().toString()).put("bytes", b.bytes()).put("digest", b.digest())
                    .put("seconds", Math.round((System.nanoTime() - t) / 1e8) / 10.0);
            System.err.printf("  %s: %s, %.0f MB%n", kind.imageName, b.tar(), b.bytes() / 1e6);
            if (check && kind != NightshiftImages.Kind.WORKER_CUDA) {
                Path tree = work.resolve("check").resolve(kind.imageName);
                ImageFiles.deleteTree(tree);
                NativeCheck.Report report = NativeCheck.check(ImageTree.unpack(b.tar(), tree));
                ImageFiles.deleteTree(tree);
                node.put("natives_checked", report.checked()).put("natives_unresolved", report.unresolved().size());
                report.unresolved().forEach(u -> {
                    System.err.println("  unresolved: " + u.library() + " needs " + u.missing());
                    failures.add(kind.imageName + ": " + u.library());
                });
            }
        }
        if (!only.contains("worker-cuda")) {
            result.put("worker_cuda", "not built: give --cuda-base (" + NightshiftImages.CUDA_BASE
                    + ", a registry reference or tar://) and a -Pgpu worker build");
        }
        result.put("seconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0).put("pass", failures.isEmpty());
        System.out.println(json.writeValueAsString(result));
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    private static final String JIB_TAR = com.google.cloud.tools.jib.api.Jib.TAR_IMAGE_PREFIX;
}
