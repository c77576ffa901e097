package io.nightshift.worker.security;

import io.nightshift.stack.ServiceProcess;
import io.nightshift.stack.ServiceProcess.Listening;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged worker ({@code target/quarkus-app/quarkus-run.jar}, run after the package phase) started as an
 * operator starts it: on 127.0.0.1 by default, refusing a network host without a key or a declaration, and with a
 * key its metrics need it while health stays open. The worker's pipeline is off
 * ({@code NIGHTSHIFT_WORKER_ENABLED=false}): only its HTTP side is under test, and it needs no broker.
 */
class ExposurePackagedTest {
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Duration START = Duration.ofSeconds(60);
    private static final String KEY = "wk-5d1e-scrape-token";

    private static ServiceProcess start(String name, Map<String, String> settings) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.port", "0");
        properties.put("kafka.bootstrap.servers", "127.0.0.1:1"); // nothing of anyone else's on this machine
        properties.putAll(settings);
        return ServiceProcess.start(JAR, properties, Map.of("NIGHTSHIFT_WORKER_ENABLED", "false"),
                Path.of("target", "exposure-" + name + ".log"));
    }

    @Test
    void aNetworkHostWithoutKeyIsRefusedInOneLineWithoutAStackTrace() throws Exception {
        try (ServiceProcess worker = start("refused", Map.of("quarkus.http.host", "0.0.0.0"))) {
            ServiceProcess.Exit exit = worker.awaitExit(START);
            assertEquals(1, exit.status(), worker.log());
            assertEquals(1, exit.lines().size(), "one line, nothing else:\n" + worker.log());
            String line = exit.lines().get(0);
            for (String part : List.of("worker refuses to start", "0.0.0.0", "nightshift.worker.auth.api-key",
                    "NIGHTSHIFT_API_KEY", "nightshift.worker.auth.open=true", "NIGHTSHIFT_WORKER_AUTH_OPEN=true")) {
                assertTrue(line.contains(part), part + " missing from: " + line);
            }
            assertFalse(line.contains("Exception"), line);
        }
    }

    @Test
    void byDefaultItListensOnLoopbackOnly() throws Exception {
        try (ServiceProcess worker = start("default", Map.of())) {
            Listening listening = worker.awaitListening(START);
            assertEquals("127.0.0.1", listening.host(), worker.log());
            given().get("http://127.0.0.1:" + listening.port() + "/q/metrics").then().statusCode(200);
            Optional<InetAddress> network = ServiceProcess.networkAddress();
            network.ifPresent(address -> assertFalse(ServiceProcess.accepts(address, listening.port()),
                    "reachable on " + address.getHostAddress()));
        }
    }

    @Test
    void withAKeyItServesTheNetworkMetricsNeedTheKeyAndHealthStaysOpen() throws Exception {
        try (ServiceProcess worker = start("key", Map.of("quarkus.http.host", "0.0.0.0",
                "nightshift.worker.auth.api-key", KEY))) {
            String base = "http://" + reachableAddress() + ":" + worker.awaitListening(START).port();
            given().get(base + "/q/metrics").then().statusCode(401)
                    .header("WWW-Authenticate", containsString("Basic realm=\"Nightshift worker\""));
            given().header("Authorization", "Bearer wrong").get(base + "/q/metrics").then().statusCode(401);
            // Prometheus: authorization: {credentials: <key>} sends a bearer token
            given().header("Authorization", "Bearer " + KEY).get(base + "/q/metrics").then().statusCode(200)
                    .body(containsString("jvm_memory_used_bytes"));
            given().header("X-API-Key", KEY).get(base + "/q/metrics").then().statusCode(200);
            given().auth().preemptive().basic("prometheus", KEY).get(base + "/q/metrics").then().statusCode(200);
            for (String probe : List.of("/q/health/live", "/q/health/started")) {
                given().get(base + probe).then().statusCode(200);
            }
        }
    }

    @Test
    void declaredOpenItServesTheNetworkWithoutAKey() throws Exception {
        try (ServiceProcess worker = start("open", Map.of("quarkus.http.host", "0.0.0.0",
                "nightshift.worker.auth.open", "true"))) {
            int port = worker.awaitListening(START).port();
            given().get("http://" + reachableAddress() + ":" + port + "/q/metrics").then().statusCode(200);
            assertTrue(worker.log().contains("open to the network on 0.0.0.0"), worker.log());
        }
    }

    /** This machine's network address when it has one: a wildcard bind is then proven reachable through it. */
    private static String reachableAddress() throws IOException {
        return ServiceProcess.networkAddress().map(InetAddress::getHostAddress).orElse("127.0.0.1");
    }
}
