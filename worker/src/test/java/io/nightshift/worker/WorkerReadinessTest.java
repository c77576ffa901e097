package io.nightshift.worker;

import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** The worker boots against the real local stack (no Dev Services) and is ready once the broker answers. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class WorkerReadinessTest {
    @Test
    void readyWithARealBrokerRoundTrip() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("Kafka connection health check"));
    }
}
