package io.nightshift.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nightshift.stack.LocalStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin command against the real local broker and S3 server: a model set seeded once, announced again. */
class AdminCliTest {

    static final Path HOME = Path.of(System.getProperty("nightshift.home", "..")).toAbsolutePath().normalize();

    record Run(int status, List<String> lines) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(lines.get(lines.size() - 1));
        }
    }

    static Run run(String... args) {
        LocalStack stack = LocalStack.shared();
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers(),
                "NIGHTSHIFT_S3_ENDPOINT", stack.s3Endpoint(),
                "NIGHTSHIFT_S3_ACCESS_KEY", stack.config().accessKey(),
                "NIGHTSHIFT_S3_SECRET_KEY", stack.config().secretKey());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = AdminCli.run(args, env, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(status, bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void seedsTheDefaultSetOnceAndAnnouncesItAgainForARollback() throws Exception {
        String models = HOME.resolve("models/default").toString();
        Run first = run("models", "publish-if-none", "--models", models, "--channel", "admin-test");
        assertEquals(0, first.status(), first.lines().toString());
        assertTrue(first.json().path("published").asBoolean());
        String version = first.json().path("set_version").asText();
        Run second = run("models", "publish-if-none", "--models=" + models, "--channel=admin-test");
        assertEquals(0, second.status(), second.lines().toString());
        assertFalse(second.json().path("published").asBoolean(), "never over an announcement");
        assertEquals(version, second.json().path("set_version").asText());

        Run again = run("models", "announce", "--version", version, "--channel", "admin-test");
        assertEquals(0, again.status(), again.lines().toString());
        assertTrue(again.json().path("offset").asLong() > first.json().path("offset").asLong());
        Run unknown = run("models", "announce", "--version", "1999-01-01.1", "--channel", "admin-test");
        assertEquals(1, unknown.status(), unknown.lines().toString());
        assertFalse(unknown.json().path("ok").asBoolean());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run().status());
        assertEquals(2, run("topics", "--jobs-partitions", "zero").status());
        assertEquals(2, run("topics", "--shrink", "1").status());
        assertEquals(2, run("models", "delete").status());
        assertEquals(2, run("models", "announce").status());
    }
}
