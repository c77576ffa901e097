package io.nightshift.dispatcher.testing;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Calls of the dispatcher's REST API shared by the tests. */
public final class Api {
    private Api() {
    }

    /** Posts a batch and returns its id, checking the expected status. */
    public static String postBatch(Map<String, Object> body, int expectedStatus) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/batches")
                .then().statusCode(expectedStatus)
                .extract().path("batchId");
    }

    public static JsonPath batch(String batchId) {
        return given().when().get("/api/batches/" + batchId).then().statusCode(200).extract().jsonPath();
    }

    /** Polls until the batch leaves LISTING and returns its last view. */
    public static JsonPath awaitEnd(String batchId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonPath view = batch(batchId);
            if (!"LISTING".equals(view.getString("state"))) {
                return view;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("batch " + batchId + " still LISTING after " + timeout + ": " + view.prettify());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
