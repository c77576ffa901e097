package io.nightshift.dispatcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.dispatcher.testing.JobsTopic;
import io.nightshift.dispatcher.testing.ResultsTopic;
import io.nightshift.protocol.ErrorClass;
import io.nightshift.dispatcher.testing.S3Fixtures;
import io.nightshift.protocol.Job;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./nightshift dispatch} against the running application. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class DispatchCliTest {
    @TestHTTPResource("/")
    URL url;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void dispatchesAndFollowsUntilEveryJobHasEnded() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("cli");
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, Map.of(prefix + "a.NEF", 0, prefix + "b/c.DNG", 0, prefix + "d.jpg", 0));

        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> cli().run(new String[] {"--bucket",
                "nightshift-raw", "--prefix", prefix, "--out-prefix", "cli-out", "--format", "jpeg", "--url", base(),
                "--follow"}));
        List<Job> jobs = awaitJobs(prefix, 2, run);
        // the CLI keeps following until every job has a result: play the worker
        ResultsTopic.publish(ResultsTopic.done(jobs.get(0), 1),
                ResultsTopic.failed(jobs.get(1), 1, ErrorClass.DECODE_FAILED, "truncated file"));

        int code = run.get(60, TimeUnit.SECONDS);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        String batchId = lines.get(0);
        JsonNode summary = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals(batchId, summary.path("batchId").asText());
        assertEquals("SEALED", summary.path("state").asText());
        assertEquals(2, summary.path("total").asInt());
        assertEquals(1, summary.path("done").asInt());
        assertEquals(1, summary.path("failed").asInt());
        List<String> outputs = JobsTopic.ofBatch(batchId).stream().map(Job::output).map(o -> o.key()).sorted().toList();
        assertEquals(List.of("cli-out/a.NEF.jpg", "cli-out/b/c.DNG.jpg"), outputs);
    }

    @Test
    void refusalsAndUsageErrors() {
        assertEquals(1, cli().run(new String[] {"--bucket", "Not_A_Bucket", "--url", base()}));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("sourceBucket"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, cli().run(new String[] {"--prefix", "x/"}), "--bucket is required");
        assertEquals(2, cli().run(new String[] {"--bucket", "b", "--colour", "red"}));
        assertEquals(1, cli().run(new String[] {"--bucket", "nightshift-raw", "--url", "http://127.0.0.1:1"}));
    }

    private static List<Job> awaitJobs(String prefix, int count, CompletableFuture<Integer> run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            List<Job> jobs = JobsTopic.read(job -> job.source().key().startsWith(prefix)).stream()
                    .collect(Collectors.toMap(Job::jobId, job -> job, (a, b) -> a)).values().stream()
                    .sorted(Comparator.comparing(Job::jobId)).toList();
            if (jobs.size() >= count) {
                return jobs;
            }
            if (run.isDone() || System.nanoTime() > deadline) {
                throw new AssertionError("no " + count + " jobs under " + prefix + "; the CLI ended with "
                        + (run.isDone() ? run.get() : "nothing yet"));
            }
            Thread.sleep(200);
        }
    }

    private DispatchCli cli() {
        return new DispatchCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String base() {
        String text = url.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
