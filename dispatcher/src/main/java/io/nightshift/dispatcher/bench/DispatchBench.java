package io.nightshift.dispatcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.messages.Item;
import io.nightshift.stack.StackConfig;
import io.nightshift.stack.ToolStack;
import io.nightshift.stack.StackHome;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./nightshift bench dispatch [--sizes 10000,50000] [--xmx-mb 256] [--page-size 1000]}: puts 0-byte RAW
 * objects into the S3 server of the running local stack (or of one it starts), times a bare paged listing of
 * the prefix with the MinIO SDK (L), then the same prefix dispatched as a batch by a dispatcher process with a
 * small heap, from the POST until the batch is sealed, i.e. every job acknowledged by the broker (D). The last
 * line is JSON: {@code list_s}, {@code dispatch_s}, {@code dispatch_over_listing} (D ÷ L) and {@code jobs_per_s}
 * of the largest run, {@code xmx_mb}, {@code target} (1.2) and {@code pass}.
 */
public final class DispatchBench {
    static final double TARGET = 1.2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DispatchBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = List.of(10_000, 50_000);
        int xmxMb = 256;
        int pageSize = 1000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = List.of(args[++i].split(",")).stream().map(Integer::parseInt).toList();
                case "--xmx-mb" -> xmxMb = Integer.parseInt(args[++i]);
                case "--page-size" -> pageSize = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: nightshift bench dispatch [--sizes 10000,50000] [--xmx-mb 256] [--page-size 1000]");
                    System.exit(2);
                }
            }
        }
        StackHome home = StackHome.locate();
        ToolStack toolStack = ToolStack.runningOrStart(home);
        StackConfig stack = toolStack.config();
        Process dispatcher = null;
        try (MinioClient s3 = MinioClient.builder().endpoint(stack.s3Endpoint())
                .credentials(stack.accessKey(), stack.secretKey()).build()) {
            int port = freePort();
            Path log = Files.createTempFile("nightshift-bench-dispatcher-", ".log");
            dispatcher = startDispatcher(home, stack, port, xmxMb, pageSize, log);
            String url = "http://127.0.0.1:" + port;
            awaitReady(url, dispatcher, log);
            System.out.printf("dispatcher up on %s with -Xmx%dm (log %s)%n", url, xmxMb, log);

            List<String> prefixes = prepareObjects(s3, sizes);
            ArrayNode runs = JSON.createArrayNode();
            ObjectNode last = null;
            boolean totalsRight = true;
            for (int i = 0; i < sizes.size(); i++) {
                int size = sizes.get(i);
                String prefix = prefixes.get(i);
                double listS = list(s3, prefix, pageSize, size);
                long t0 = System.nanoTime();
                String batchId = post(url, prefix);
                JsonNode sealed = awaitSealed(url, batchId, dispatcher);
                double dispatchS = (System.nanoTime() - t0) / 1e9;
                long total = sealed.path("total").asLong(-1);
                totalsRight &= total == size;
                ObjectNode result = runs.addObject();
                result.put("objects", size);
                result.put("list_s", round(listS));
                result.put("dispatch_s", round(dispatchS));
                result.put("dispatch_over_listing", round(dispatchS / listS));
                result.put("jobs_per_s", Math.round(size / dispatchS));
                result.put("total", total);
                System.out.printf("%,d objects under %s: list L %.2f s, dispatch D %.2f s (D/L %.2f, %,d jobs/s), sealed with %d jobs%n",
                        size, prefix, listS, dispatchS, dispatchS / listS, Math.round(size / dispatchS), total);
                last = result;
            }
            boolean alive = dispatcher.isAlive();
            ObjectNode summary = JSON.createObjectNode();
            summary.put("objects", last.path("objects").asInt());
            summary.put("list_s", last.path("list_s").asDouble());
            summary.put("dispatch_s", last.path("dispatch_s").asDouble());
            summary.put("dispatch_over_listing", last.path("dispatch_over_listing").asDouble());
            summary.put("jobs_per_s", last.path("jobs_per_s").asLong());
            summary.put("xmx_mb", xmxMb);
            summary.put("target", TARGET);
            summary.put("pass", alive && totalsRight && last.path("dispatch_over_listing").asDouble() <= TARGET);
            summary.set("runs", runs);
            System.out.println(JSON.writeValueAsString(summary));
        } finally {
            if (dispatcher != null) {
                dispatcher.destroy();
                dispatcher.waitFor();
            }
            toolStack.close();
        }
    }

    /** The stack of {@code ./nightshift stack up}, when it is running and healthy. */
    private static Process startDispatcher(StackHome home, StackConfig stack, int port, int xmxMb, int pageSize,
                                           Path log) throws IOException {
        Path app = home.root().resolve("dispatcher/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(app)) {
            throw new IllegalStateException(app + " is missing; build the dispatcher first (./nightshift build)");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + xmxMb + "m", "-Dquarkus.http.port=" + port));
        stack.serviceProperties().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of(
                "-Dnightshift.dispatcher.listing.page-size=" + pageSize,
                "-Dnightshift.dispatcher.notifications.enabled=false",
                "-jar", app.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitReady(String url, Process dispatcher, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!dispatcher.isAlive()) {
                throw new IllegalStateException("the dispatcher exited; see " + log);
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the dispatcher was not ready within 120 s; see " + log);
    }

    /**
     * The objects of every run, nested so that each run's prefix holds the smaller runs' objects too: with sizes
     * 10,000 and 50,000, {@code bench/dispatch/d/} holds 10,000 and {@code bench/dispatch/} 40,000 more, so only
     * 50,000 objects are put. They stay in the stack (it keeps its data), and a later run puts nothing.
     *
     * @return each run's prefix
     */
    static List<String> prepareObjects(MinioClient s3, List<Integer> sizes) throws Exception {
        List<Integer> sorted = sizes.stream().sorted().toList();
        if (!sorted.equals(sizes)) {
            throw new IllegalArgumentException("--sizes must be ascending");
        }
        String base = "bench/dispatch/";
        List<String> prefixes = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            prefixes.add(base + "d/".repeat(sizes.size() - 1 - i));
        }
        int largest = sizes.get(sizes.size() - 1);
        if (present(s3, prefixes, sizes)) {
            System.out.printf("the %,d objects under %s are there from an earlier run%n", largest, base);
            return prefixes;
        }
        long t0 = System.nanoTime();
        int number = 0;
        for (int i = 0; i < sizes.size(); i++) {
            int own = sizes.get(i) - (i == 0 ? 0 : sizes.get(i - 1));
            put(s3, prefixes.get(i), number, own);
            number += own;
        }
        System.out.printf("put %,d 0-byte objects under %s in %.1f s%n", largest, base, (System.nanoTime() - t0) / 1e9);
        return prefixes;
    }

    /** Whether the first and last object of every level exist (a full check would cost a listing). */
    private static boolean present(MinioClient s3, List<String> prefixes, List<Integer> sizes) {
        int number = 0;
        for (int i = 0; i < sizes.size(); i++) {
            int own = sizes.get(i) - (i == 0 ? 0 : sizes.get(i - 1));
            for (int n : new int[] {number, number + own - 1}) {
                try {
                    s3.statObject(StatObjectArgs.builder().bucket("nightshift-raw")
                            .object(prefixes.get(i) + String.format("IMG_%06d.NEF", n)).build());
                } catch (Exception missing) {
                    return false;
                }
            }
            number += own;
        }
        return true;
    }

    private static void put(MinioClient s3, String prefix, int first, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> puts = new ArrayList<>(count);
            for (int i = first; i < first + count; i++) {
                String key = prefix + String.format("IMG_%06d.NEF", i);
                puts.add(pool.submit(() -> {
                    s3.putObject(PutObjectArgs.builder().bucket("nightshift-raw").object(key)
                            .stream(new ByteArrayInputStream(new byte[0]), 0L, -1L).build());
                    return null;
                }));
            }
            for (Future<?> f : puts) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The S3 server's own cost: a bare recursive paged listing, each item read. */
    private static double list(MinioClient s3, String prefix, int pageSize, int expected) throws Exception {
        long t0 = System.nanoTime();
        long count = 0;
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket("nightshift-raw").prefix(prefix)
                .recursive(true).maxKeys(pageSize).build())) {
            item.get();
            count++;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (count != expected) {
            throw new IllegalStateException("listed " + count + " objects under " + prefix + ", expected " + expected);
        }
        return seconds;
    }

    private static String post(String url, String prefix) throws Exception {
        String body = JSON.writeValueAsString(Map.of("sourceBucket", "nightshift-raw", "sourcePrefix", prefix,
                "outputBucket", "nightshift-results", "outputPrefix", "bench-out/", "format", "jpeg"));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/batches"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("POST /api/batches answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("batchId").asText();
    }

    private static JsonNode awaitSealed(String url, String batchId, Process dispatcher) throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create(url + "/api/batches/" + batchId)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (!dispatcher.isAlive()) {
                throw new IllegalStateException("the dispatcher died during batch " + batchId);
            }
            JsonNode batch = JSON.readTree(HTTP.send(get, HttpResponse.BodyHandlers.ofString()).body());
            if (!"LISTING".equals(batch.path("state").asText())) {
                return batch;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("batch " + batchId + " not sealed within 5 minutes");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
