package io.nightshift.dispatcher.security;

import io.nightshift.stack.LocalStack;
import io.nightshift.stack.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged dispatcher ({@code target/quarkus-app/quarkus-run.jar}, run after the package phase) started as an
 * operator starts it, against the test JVM's stack: on 127.0.0.1 by default, refusing a network host without a
 * key or a declaration, serving the network with either. What the key protects is {@code ApiKeyTest}'s subject.
 */
class ExposurePackagedTest {
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Duration START = Duration.ofSeconds(90);
    private static final String KEY = "dk-93b0-night-owl";

    private static ServiceProcess start(String name, Map<String, String> settings) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>(LocalStack.shared().config().serviceProperties());
        properties.put("quarkus.http.port", "0");
        properties.putAll(settings);
        return ServiceProcess.start(JAR, properties, Map.of(), Path.of("target", "exposure-" + name + ".log"));
    }

    @Test
    void aNetworkHostWithoutKeyIsRefusedInOneLine() throws Exception {
        try (ServiceProcess dispatcher = start("refused", Map.of("quarkus.http.host", "0.0.0.0"))) {
            ServiceProcess.Exit exit = dispatcher.awaitExit(START);
            assertEquals(1, exit.status(), dispatcher.log());
            assertEquals(List.of(exit.lines().get(0)), exit.lines(), "one line, nothing else");
            String line = exit.lines().get(0);
            for (String part : List.of("dispatcher refuses to start", "listen on 0.0.0.0",
                    "nightshift.dispatcher.auth.api-key", "NIGHTSHIFT_API_KEY", "nightshift.dispatcher.auth.open=true",
                    "NIGHTSHIFT_DISPATCHER_AUTH_OPEN=true")) {
                assertTrue(line.contains(part), part + " missing from: " + line);
            }
        }
    }

    @Test
    void byDefaultThePageAndTheApiAreOnLoopbackOnly() throws Exception {
        try (ServiceProcess dispatcher = start("default", Map.of())) {
            ServiceProcess.Listening listening = dispatcher.awaitListening(START);
            assertEquals("127.0.0.1", listening.host(), dispatcher.log());
            given().get("http://127.0.0.1:" + listening.port() + "/api/batches").then().statusCode(200);
            ServiceProcess.networkAddress().ifPresent(address -> assertFalse(
                    ServiceProcess.accepts(address, listening.port()), "reachable on " + address.getHostAddress()));
        }
    }

    @Test
    void withAKeyItServesTheNetworkToKeyHoldersAndProbes() throws Exception {
        try (ServiceProcess dispatcher = start("key", Map.of("quarkus.http.host", "0.0.0.0",
                "nightshift.dispatcher.auth.api-key", KEY))) {
            String base = "http://" + reachableAddress() + ":" + dispatcher.awaitListening(START).port();
            given().get(base + "/api/batches").then().statusCode(401);
            given().header("X-API-Key", KEY).get(base + "/api/batches").then().statusCode(200).body("page", is(0));
            given().get(base + "/q/health/live").then().statusCode(200);
        }
    }

    @Test
    void declaredOpenItServesTheNetworkWithoutAKey() throws Exception {
        try (ServiceProcess dispatcher = start("open", Map.of("quarkus.http.host", "0.0.0.0",
                "nightshift.dispatcher.auth.open", "true"))) {
            String base = "http://" + reachableAddress() + ":" + dispatcher.awaitListening(START).port();
            given().get(base + "/api/batches").then().statusCode(200);
            assertTrue(dispatcher.log().contains("open to the network on 0.0.0.0"), dispatcher.log());
        }
    }

    /** This machine's network address when it has one: a wildcard bind is then proven reachable through it. */
    private static String reachableAddress() throws IOException {
        return ServiceProcess.networkAddress().map(InetAddress::getHostAddress).orElse("127.0.0.1");
    }
}
