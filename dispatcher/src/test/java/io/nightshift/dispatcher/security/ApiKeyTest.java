package io.nightshift.dispatcher.security;

import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With an API key configured, every endpoint, the page and its files, previews, OpenAPI, Swagger UI and metrics
 * answer 401 without it (or with a wrong one), and accept it as X-API-Key, Bearer or HTTP Basic password; the
 * health probes stay open for Kubernetes. Neither the key nor a wrong one ever reaches the log (the 401 lines are
 * switched on at DEBUG here, so that there is something to look into).
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@TestProfile(ApiKeyTest.WithKey.class)
class ApiKeyTest {
    static final String KEY = "nk-7f3a9c2e-correct-horse";
    static final String WRONG = "nk-0000-wrong-battery";
    static final List<String> PROTECTED = List.of("/", "/index.html", "/app.js", "/api/batches",
            "/api/batches/some-batch", "/api/batches/some-batch/failures", "/api/batches/some-batch/done",
            "/api/jobs/" + "a".repeat(40) + "/previews/input", "/api/dead-letters", "/api/dead-letters/some-job",
            "/q/openapi", "/q/swagger-ui/", "/q/metrics");

    public static class WithKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("nightshift.dispatcher.auth.api-key", KEY,
                    "quarkus.log.category.\"io.nightshift\".level", "DEBUG");
        }
    }

    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logged) {
                logged.add(record.getLoggerName() + " " + record.getMessage() + " "
                        + java.util.Arrays.toString(record.getParameters()) + " " + record.getThrown());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void everyEndpointAndThePageNeedTheKey() {
        for (String path : PROTECTED) {
            given().get(path).then().statusCode(401)
                    .header("WWW-Authenticate", containsString("Basic realm=\"Nightshift dispatcher\""))
                    .body("error", containsString("API key is required"));
            given().header("X-API-Key", WRONG).get(path).then().statusCode(401);
            given().header("Authorization", "Bearer " + WRONG).get(path).then().statusCode(401);
            given().auth().preemptive().basic("anyone", WRONG).get(path).then().statusCode(401);
        }
        given().contentType("application/json").body("{\"sourceBucket\":\"nightshift-raw\"}").post("/api/batches")
                .then().statusCode(401);
        given().delete("/api/batches/some-batch").then().statusCode(401);
        given().post("/api/batches/some-batch/retry-failed").then().statusCode(401);
        given().contentType("application/json").body("{\"jobIds\":[\"some-job\"],\"force\":true}")
                .post("/api/dead-letters/replay").then().statusCode(401);
        given().header("X-API-Key", WRONG).contentType("application/json").body("{}").post("/api/jobs")
                .then().statusCode(401);
        // a dot segment does not climb out of the check into the open health path
        given().urlEncodingEnabled(false).get("/q/health/../../api/batches").then().statusCode(401);
    }

    @Test
    void theKeyOpensEverythingInAnyOfItsThreeForms() {
        for (RequestSpecification request : List.of(given().header("X-API-Key", KEY),
                given().header("Authorization", "Bearer " + KEY),
                given().auth().preemptive().basic("viewer", KEY))) {
            request.get("/api/batches").then().statusCode(200).body("page", is(0));
        }
        given().header("X-API-Key", KEY).get("/").then().statusCode(200).body(containsString("<h1>Nightshift</h1>"));
        given().header("X-API-Key", KEY).get("/app.js").then().statusCode(200);
        given().header("X-API-Key", KEY).get("/q/openapi").then().statusCode(200);
        given().header("X-API-Key", KEY).get("/q/metrics").then().statusCode(200)
                .body(containsString("nightshift_dispatcher_jobs_published_total"));
        // past the key: the API's own answers
        given().header("X-API-Key", KEY).get("/api/batches/some-batch").then().statusCode(404);
        given().header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("u:" + KEY).getBytes()))
                .get("/api/jobs/" + "a".repeat(40) + "/previews/input").then().statusCode(404);
    }

    @Test
    void healthProbesStayOpenForKubernetes() {
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health").then().statusCode(200);
    }

    @Test
    void keysNeverReachTheLog() {
        given().header("X-API-Key", WRONG).get("/api/batches").then().statusCode(401);
        given().auth().preemptive().basic("someone", WRONG).get("/api/batches").then().statusCode(401);
        given().header("Authorization", "Bearer " + KEY).get("/api/batches/unknown-batch").then().statusCode(404);
        given().header("X-API-Key", KEY).get("/api/batches").then().statusCode(200);
        List<String> lines;
        synchronized (logged) {
            lines = List.copyOf(logged);
        }
        assertTrue(lines.stream().anyMatch(line -> line.contains("401 for")),
                "the refusals are logged (at DEBUG here): " + lines);
        String basicWrong = Base64.getEncoder().encodeToString(("someone:" + WRONG).getBytes());
        for (String secret : List.of(KEY, WRONG, basicWrong, "correct-horse", "wrong-battery")) {
            assertFalse(lines.stream().anyMatch(line -> line.contains(secret)), "a key reached the log: " + lines);
        }
    }
}
