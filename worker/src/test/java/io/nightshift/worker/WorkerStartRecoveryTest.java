package io.nightshift.worker;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.stack.LocalStack;
import io.nightshift.stack.StackConfig;
import io.nightshift.stack.StackHome;
import io.nightshift.worker.app.Worker;
import io.nightshift.worker.app.WorkerService;
import io.nightshift.worker.testing.TcpProxy;
import io.nightshift.worker.testing.UnreachableStackResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The Quarkus worker started while neither its broker nor its object store is there: it is not ready, it stays
 * alive until {@code nightshift.worker.start.deadline} and then says it is stuck (liveness DOWN, so that it is
 * replaced), and it keeps retrying: when a real broker comes up where it looks, then the object store, it
 * starts and is ready, and alive again. Before, the first failed start was recorded and never retried, and
 * liveness stayed UP without a worker.
 */
@QuarkusTest
@TestProfile(WorkerStartRecoveryTest.UnreachableAtStart.class)
class WorkerStartRecoveryTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    /** Nothing where the worker looks for its broker and object store; a short deadline and fast retries. */
    public static class UnreachableAtStart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "nightshift.worker.start.deadline", DEADLINE.toSeconds() + "s",
                    "nightshift.worker.start.initial-backoff", "200ms",
                    "nightshift.worker.start.max-backoff", "1s",
                    "nightshift.worker.models.start-timeout", "2s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(UnreachableStackResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true; // not the shared stack: the worker must find nothing at first
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "nightshift.storage.endpoint")
    String storageEndpoint;

    @Inject
    WorkerService service;

    @Test
    void retriesUntilBrokerAndObjectStoreAnswerAndIsReportedStuckPastTheStartDeadline() throws Exception {
        given().get("/q/health/ready").then().statusCode(503);
        assertEquals(200, given().get("/q/health/live").statusCode(), "alive while within the start deadline");
        Response stuck = awaitStatus("/q/health/live", 503, DEADLINE.plusSeconds(45));
        assertEquals(503, stuck.statusCode(), "liveness DOWN once the start deadline passed without a start: "
                + stuck.asString());
        assertTrue(stuck.asString().contains("lastStartFailure"), "it says why: " + stuck.asString());
        assertTrue(startRetries() >= 2, "failed starts are retried and counted, not recorded once: " + startRetries());

        int kafkaPort = Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
        int workerS3Port = URI.create(storageEndpoint).getPort();
        int s3Port = StackConfig.freePort();
        Path dir = Files.createTempDirectory("nightshift-late-stack-");
        // a real broker where the worker looks; the object store elsewhere, nothing on the worker's S3 port yet
        try (LocalStack stack = LocalStack.start(StackHome.locate(), new StackConfig(dir, kafkaPort,
                StackConfig.freePort(), s3Port, UnreachableStackResource.ACCESS_KEY, UnreachableStackResource.SECRET_KEY,
                StackConfig.DEFAULT_BUCKETS, true))) {
            double before = startRetries();
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (startRetries() < before + 2 && System.nanoTime() < until) {
                Thread.sleep(200);
            }
            assertTrue(startRetries() >= before + 2, "still retrying with the broker up and the object store down");
            assertEquals(503, given().get("/q/health/ready").statusCode(), "not ready without the object store");

            try (TcpProxy store = TcpProxy.on(workerS3Port, s3Port)) {
                Response ready = awaitStatus("/q/health/ready", 200, Duration.ofSeconds(120));
                assertEquals(200, ready.statusCode(), "ready once both answer: " + ready.asString());
                assertEquals(200, given().get("/q/health/live").statusCode(), "alive again");
                assertTrue(service.worker().orElseThrow().started());
            } finally {
                // stop the worker while its broker and store are still there (its shutdown commits and leaves)
                service.worker().ifPresent(Worker::close);
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double startRetries() {
        Matcher m = Pattern.compile("(?m)^nightshift_worker_start_retries_total(?:\\{[^}]*\\})? ([0-9.eE+]+)$")
                .matcher(given().get("/q/metrics").asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static Response awaitStatus(String path, int status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Response response = given().get(path);
        while (response.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(250);
            response = given().get(path);
        }
        return response;
    }
}
