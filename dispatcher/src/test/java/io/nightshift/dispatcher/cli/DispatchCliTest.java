package io.nightshift.dispatcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.dispatcher.testing.JobsTopic;
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
import java.util.List;
import java.util.Map;

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
    void dispatchesAndFollowsUntilSealed() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("cli");
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, Map.of(prefix + "a.NEF", 0, prefix + "b/c.DNG", 0, prefix + "d.jpg", 0));

        int code = cli().run(new String[] {"--bucket", "nightshift-raw", "--prefix", prefix, "--out-prefix", "cli-out",
                "--format", "jpeg", "--url", base(), "--follow"});

        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        String batchId = lines.get(0);
        JsonNode summary = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals(batchId, summary.path("batchId").asText());
        assertEquals("SEALED", summary.path("state").asText());
        assertEquals(2, summary.path("total").asInt());
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

    private DispatchCli cli() {
        return new DispatchCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String base() {
        String text = url.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
