package io.nightshift.worker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The worker boots against the real local stack (no Dev Services) and is ready once a model set serves (on a
 * fresh stack: the generated test set it published itself), the object store answers, it consumes, and the
 * broker answers; Prometheus metrics are served.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class WorkerReadinessTest {
    @Test
    void readyWithAModelSetTheObjectStoreAndTheBroker() throws Exception {
        WorkerPipelineTest.awaitReady();
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("Kafka connection health check"))
                .body("checks.find { it.name == 'nightshift worker' }.data.modelSet", containsString("random-weights"))
                .body("checks.find { it.name == 'nightshift worker' }.data.objectStore", is("reachable"));
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("nightshift_worker_model_set_info{version=\"random-weights"))
                .body(containsString("nightshift_worker_queue_depth{queue=\"engine\""))
                .body(containsString("nightshift_worker_stage_running{stage=\"infer\"} 0.0"))
                .body(containsString("nightshift_worker_engine_busy_ratio"));
    }
}
