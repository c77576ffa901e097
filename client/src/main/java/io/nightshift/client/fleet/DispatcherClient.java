package io.nightshift.client.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The dispatcher's REST API as a client uses it: submit a batch, read its progress, page through its done and
 * failed jobs, fetch a preview; list, show and replay dead letters. Sends the API key (when there is one) as {@code X-API-Key}; never prints it.
 */
public final class DispatcherClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE_SIZE = 500;
    private static final int GET_ATTEMPTS = 3;

    private final URI base;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public DispatcherClient(FleetAddress address) {
        this.base = address.dispatcher();
        this.apiKey = address.apiKey();
    }

    public URI base() {
        return base;
    }

    /** The batch (new, or the earlier one of the same request id). */
    public BatchStatus submit(BatchSpec spec) {
        ObjectNode body = JSON.createObjectNode();
        body.put("sourceBucket", spec.sourceBucket());
        body.put("sourcePrefix", spec.sourcePrefix());
        putIfPresent(body, "outputBucket", spec.outputBucket());
        putIfPresent(body, "outputPrefix", spec.outputPrefix());
        putIfPresent(body, "format", spec.format());
        if (spec.ratio() != null) {
            body.put("ratio", spec.ratio());
        }
        if (spec.extensions() != null) {
            spec.extensions().forEach(body.putArray("extensions")::add);
        }
        putIfPresent(body, "requestId", spec.requestId());
        JsonNode batch = send(request("/api/batches").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), "submit the batch");
        return status(batch);
    }

    public BatchStatus batch(String batchId) {
        return status(get("/api/batches/" + batchId, "read batch " + batchId));
    }

    /** Every done job of the batch, in the dispatcher's job-id order. */
    public List<FinishedJob> finished(String batchId) {
        List<FinishedJob> jobs = new ArrayList<>();
        for (JsonNode item : all("/api/batches/" + batchId + "/done")) {
            JsonNode previews = item.path("previews");
            jobs.add(new FinishedJob(item.path("jobId").asText(), text(item, "sourceKey"), text(item, "outputKey"),
                    text(item, "modelSet"), number(item, "ratio"), text(item, "ratioSource"), number(item, "trueRatio"),
                    text(previews, "input"), text(previews, "result"), text(item.path("camera"), "label"),
                    text(item, "output")));
        }
        return jobs;
    }

    /** Every failed job of the batch. */
    public List<FailedJob> failures(String batchId) {
        List<FailedJob> jobs = new ArrayList<>();
        for (JsonNode item : all("/api/batches/" + batchId + "/failures")) {
            jobs.add(new FailedJob(item.path("jobId").asText(), text(item, "sourceKey"), item.path("attempt").asInt(),
                    text(item, "errorClass"), text(item, "reason")));
        }
        return jobs;
    }

    /** Every job with dead letters (its latest), newest first; {@code batchId} and {@code errorClass} filter (null: any). */
    public List<DeadLetterInfo> deadLetters(String batchId, String errorClass) {
        StringBuilder path = new StringBuilder("/api/dead-letters?");
        if (batchId != null) {
            path.append("batch=").append(encode(batchId)).append('&');
        }
        if (errorClass != null) {
            path.append("errorClass=").append(encode(errorClass)).append('&');
        }
        List<DeadLetterInfo> letters = new ArrayList<>();
        for (JsonNode item : all(path.substring(0, path.length() - 1))) {
            letters.add(deadLetter(item));
        }
        return letters;
    }

    /** One job's latest dead letter. */
    public DeadLetterInfo deadLetter(String jobId) {
        return deadLetter(get("/api/dead-letters/" + encode(jobId), "show the dead letter of job " + jobId));
    }

    /**
     * Re-enqueues the jobs' latest dead letters as their next attempt ({@code jobIds}, or all of {@code batchId}'s
     * when {@code jobIds} is null); the dispatcher skips, with a reason, what it may not replay.
     */
    public ReplayResult replay(List<String> jobIds, String batchId, boolean force) {
        ObjectNode body = JSON.createObjectNode();
        if (jobIds != null) {
            jobIds.forEach(body.putArray("jobIds")::add);
        } else {
            body.put("batchId", batchId);
        }
        body.put("force", force);
        JsonNode answer = send(request("/api/dead-letters/replay").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), "replay dead letters");
        List<ReplayResult.Item> items = new ArrayList<>();
        answer.path("items").forEach(item -> items.add(new ReplayResult.Item(item.path("jobId").asText(),
                "requeued".equals(item.path("outcome").asText()),
                item.hasNonNull("attempt") ? item.get("attempt").asInt() : null, text(item, "reason"))));
        return new ReplayResult(answer.path("requeued").asInt(), answer.path("skipped").asInt(), items);
    }

    /** The bytes behind one of the dispatcher's image paths (a job's previews, its output). */
    public byte[] image(String path) {
        try {
            HttpResponse<byte[]> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new FleetException("the dispatcher answered " + response.statusCode() + " for " + path);
            }
            return response.body();
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("interrupted");
        }
    }

    private List<JsonNode> all(String path) {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode body = get(path + (path.contains("?") ? "&" : "?") + "page=" + page + "&size=" + PAGE_SIZE,
                    "read " + path);
            body.path("items").forEach(items::add);
            if (body.path("items").size() < PAGE_SIZE) {
                return items;
            }
        }
    }

    /**
     * A GET, tried again (after 1 s, then 2 s) when the dispatcher cannot be reached or answers 5xx: a
     * dispatcher restarting under a long run is a pause, not the end of the run.
     */
    private JsonNode get(String path, String what) {
        FleetException last = null;
        for (int attempt = 0; attempt < GET_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                LocalService.sleep(Duration.ofSeconds(attempt));
            }
            try {
                return send(request(path).GET().build(), what);
            } catch (FleetException e) {
                if (!e.transientFailure()) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private JsonNode send(HttpRequest request, String what) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new FleetException("the dispatcher refused to " + what + " (HTTP " + response.statusCode() + "): "
                        + describeError(response.body()), response.statusCode() >= 500);
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("interrupted");
        }
    }

    private FleetException unreachable(IOException e) {
        return new FleetException("cannot reach the dispatcher at " + base + " (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e, true);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return request;
    }

    private static BatchStatus status(JsonNode batch) {
        return new BatchStatus(batch.path("batchId").asText(), batch.path("state").asText(),
                batch.path("published").asLong(), batch.hasNonNull("total") ? batch.path("total").asLong() : null,
                batch.path("queued").asLong(), batch.path("done").asLong(), batch.path("failed").asLong());
    }

    private static DeadLetterInfo deadLetter(JsonNode item) {
        return new DeadLetterInfo(item.path("jobId").asText(), text(item, "batchId"), item.path("attempt").asInt(),
                item.path("attempts").asInt(), text(item, "errorClass"), text(item, "reason"), text(item, "workerId"),
                text(item, "at"), item.hasNonNull("job") ? item.get("job") : null,
                item.hasNonNull("rawPayloadBytes") ? item.get("rawPayloadBytes").asInt() : null,
                text(item, "rawPayloadStoredAt"),
                item.path("replayable").asBoolean(), text(item, "notReplayable"), item.path("earlier").size());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
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

    private static void putIfPresent(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static Double number(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asDouble() : null;
    }
}
