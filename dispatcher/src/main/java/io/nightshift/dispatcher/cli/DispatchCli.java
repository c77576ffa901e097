package io.nightshift.dispatcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./nightshift dispatch --bucket B --prefix P [--out-bucket OB] [--out-prefix O] [--format F]
 * [--extensions NEF,DNG] [--request-id ID] [--url URL] [--follow]}: asks a running dispatcher for a batch and
 * prints its id; with {@code --follow} it shows the batch's progress (published, then done and failed) until every
 * job of the sealed batch is done or failed (or a cancelled batch has none queued), then a summary (the last line,
 * JSON). Exit 0 on success, 1 when the dispatcher refuses or cannot be reached, 2 on
 * a usage error.
 */
public final class DispatchCli {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofSeconds(1);

    private final PrintStream out;
    private final PrintStream err;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The dispatcher's API key from {@code $NIGHTSHIFT_API_KEY}, sent as X-API-Key; never printed. */
    private final String apiKey = System.getenv("NIGHTSHIFT_API_KEY");

    DispatchCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new DispatchCli(System.out, System.err).run(args));
    }

    int run(String[] args) {
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("dispatch: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        if (options.containsKey("help")) {
            out.println(usage());
            return 0;
        }
        String url = options.getOrDefault("url", System.getenv().getOrDefault("NIGHTSHIFT_DISPATCHER_URL", DEFAULT_URL));
        ObjectNode body = JSON.createObjectNode();
        body.put("sourceBucket", options.get("bucket"));
        body.put("sourcePrefix", options.getOrDefault("prefix", ""));
        putIfPresent(body, "outputBucket", options.get("out-bucket"));
        putIfPresent(body, "outputPrefix", options.get("out-prefix"));
        putIfPresent(body, "format", options.get("format"));
        putIfPresent(body, "requestId", options.get("request-id"));
        if (options.containsKey("extensions")) {
            body.putArray("extensions").addAll(List.of(options.get("extensions").split(",")).stream()
                    .map(JSON.getNodeFactory()::textNode).toList());
        }
        try {
            HttpResponse<String> response = http.send(request(url + "/api/batches")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202 && response.statusCode() != 200) {
                err.println("dispatch: the dispatcher refused the batch (" + response.statusCode() + "): "
                        + describeError(response.body()));
                return 1;
            }
            JsonNode batch = JSON.readTree(response.body());
            String batchId = batch.path("batchId").asText();
            out.println(batchId);
            if (!options.containsKey("follow")) {
                return 0;
            }
            return follow(url, batchId);
        } catch (IOException e) {
            err.println("dispatch: cannot reach the dispatcher at " + url + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int follow(String url, String batchId) throws IOException, InterruptedException {
        long started = System.nanoTime();
        while (true) {
            HttpResponse<String> response = http.send(request(url + "/api/batches/" + batchId)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                err.println("dispatch: batch " + batchId + " could not be read (" + response.statusCode() + ")");
                return 1;
            }
            JsonNode batch = JSON.readTree(response.body());
            String state = batch.path("state").asText();
            long published = batch.path("published").asLong();
            long done = batch.path("done").asLong();
            long failed = batch.path("failed").asLong();
            double seconds = (System.nanoTime() - started) / 1e9;
            err.print("\r" + progressLine(state, published, batch.path("total"), done, failed, seconds));
            if (finished(state, batch)) {
                err.println();
                ObjectNode summary = JSON.createObjectNode();
                summary.put("batchId", batchId);
                summary.put("state", state);
                summary.put("published", published);
                if (batch.hasNonNull("total")) {
                    summary.put("total", batch.path("total").asLong());
                }
                summary.put("done", done);
                summary.put("failed", failed);
                summary.put("seconds", Math.round(seconds * 10) / 10.0);
                out.println(JSON.writeValueAsString(summary));
                return 0;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Sealed with every job done or failed, or cancelled with nothing left queued. */
    static boolean finished(String state, JsonNode batch) {
        long ended = batch.path("done").asLong() + batch.path("failed").asLong();
        return switch (state) {
            case "SEALED" -> batch.hasNonNull("total") && ended >= batch.path("total").asLong();
            case "CANCELLED" -> batch.path("queued").asLong() == 0;
            default -> false;
        };
    }

    /**
     * While listing, a spinner and the publishing rate (the total is unknown until the batch is sealed); then a bar
     * of finished jobs (done + failed) over the total.
     */
    static String progressLine(String state, long published, JsonNode total, long done, long failed, double seconds) {
        int width = 30;
        String bar;
        if (total != null && total.isNumber() && total.asLong() > 0) {
            int filled = (int) Math.min(width, (done + failed) * width / total.asLong());
            bar = "#".repeat(filled) + " ".repeat(width - filled);
            return String.format("[%s] %-9s %,d done, %,d failed of %,d", bar, state, done, failed, total.asLong());
        }
        int spin = (int) (seconds * 2) % width;
        bar = " ".repeat(spin) + "=" + " ".repeat(width - spin - 1);
        double rate = seconds > 0 ? published / seconds : 0;
        return String.format("[%s] %-9s %,d jobs published (%.0f/s), %,d done, %,d failed", bar, state, published,
                rate, done, failed);
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> flags = List.of("follow", "help");
        List<String> valued = List.of("bucket", "prefix", "out-bucket", "out-prefix", "format", "extensions",
                "request-id", "url");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h")) {
                arg = "--help";
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                options.put(name, "true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                options.put(name, value);
            } else {
                throw new IllegalArgumentException("unknown option '--" + name + "'");
            }
        }
        if (!options.containsKey("help") && !options.containsKey("bucket")) {
            throw new IllegalArgumentException("--bucket is required");
        }
        return options;
    }

    private static void putIfPresent(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private static String describeError(String body) {
        try {
            JsonNode error = JSON.readTree(body);
            List<String> fields = new ArrayList<>();
            error.path("fields").forEach(f -> fields.add(f.path("field").asText() + ": " + f.path("message").asText()));
            return fields.isEmpty() ? error.path("error").asText(body) : String.join("; ", fields);
        } catch (IOException e) {
            return body;
        }
    }

    private HttpRequest.Builder request(String uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri));
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("X-API-Key", apiKey);
        }
        return request;
    }

    static String usage() {
        return """
                Usage: nightshift dispatch --bucket B [--prefix P] [--out-bucket OB] [--out-prefix O] [--format F]
                                           [--extensions NEF,DNG] [--request-id ID] [--url URL] [--follow]
                  --bucket       the bucket holding the RAW files (required)
                  --prefix       the prefix to list (default: the whole bucket)
                  --out-bucket   where results go (default nightshift-results)
                  --out-prefix   the output folder (default enhanced/)
                  --format       png16 | tiff16 | jpeg | dng (default png16)
                  --extensions   RAW extensions to accept (default: every common RAW format)
                  --request-id   makes the call idempotent: the same id names the same batch
                  --url          the dispatcher (default $NIGHTSHIFT_DISPATCHER_URL or http://127.0.0.1:8080);
                                 its API key, if it has one, comes from $NIGHTSHIFT_API_KEY
                  --follow       show done/failed progress until every job of the sealed batch
                                 has ended, then a JSON summary""";
    }
}
