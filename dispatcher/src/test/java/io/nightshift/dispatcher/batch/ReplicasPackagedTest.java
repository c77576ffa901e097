package io.nightshift.dispatcher.batch;

import io.nightshift.dispatcher.testing.JobsTopic;
import io.nightshift.dispatcher.testing.S3Fixtures;
import io.nightshift.protocol.Job;
import io.nightshift.stack.LocalStack;
import io.nightshift.stack.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two packaged dispatchers against one broker and one object store, as two replicas of a deployment run: each
 * answers for every batch, whichever accepted it, right after it was accepted; each batch is listed by exactly one
 * of them; a cancel asked of the replica that does not list the batch stops it; and when the listing replica is
 * killed, the other resumes its batch within the session timeout without missing an object.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasPackagedTest {
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Duration START = Duration.ofSeconds(120);
    private static final Pattern OWNED = Pattern.compile("\\[([0-9, ]*)]");

    private static final List<Replica> replicas = new ArrayList<>();

    /** One running dispatcher and its base URL. */
    private record Replica(String name, ServiceProcess process, String base) {
        Response get(String path) {
            return given().get(base + path);
        }

        Response post(String path, Map<String, Object> body) {
            return given().contentType(ContentType.JSON).body(body).post(base + path);
        }

        /** The batch-status partitions this replica lists, from its readiness details; empty when not ready. */
        Set<Integer> owned() {
            Response ready = get("/q/health/ready");
            if (ready.statusCode() != 200) {
                return Set.of();
            }
            String data = String.valueOf(ready.jsonPath().getString(
                    "checks.find { it.name == 'nightshift dispatcher caught up' }.data.'lists batch-status partitions'"));
            Matcher m = OWNED.matcher(data);
            Set<Integer> partitions = new TreeSet<>();
            if (m.find() && !m.group(1).isBlank()) {
                for (String p : m.group(1).split(",")) {
                    partitions.add(Integer.parseInt(p.trim()));
                }
            }
            return partitions;
        }
    }

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        String group = "replicas-" + UUID.randomUUID();
        for (String name : List.of("replica-a", "replica-b")) {
            Map<String, String> properties = new LinkedHashMap<>(LocalStack.shared().config().serviceProperties());
            properties.put("quarkus.http.port", "0");
            properties.put("nightshift.dispatcher.instance", name);
            properties.put("nightshift.dispatcher.listing.group", group);
            properties.put("nightshift.dispatcher.listing.session-timeout", "6s");
            properties.put("nightshift.dispatcher.listing.jobs-per-second", "100");
            properties.put("nightshift.dispatcher.listing.checkpoint-jobs", "20");
            properties.put("nightshift.dispatcher.listing.checkpoint-interval", "200ms");
            properties.put("nightshift.dispatcher.notifications.enabled", "false");
            ServiceProcess process = ServiceProcess.start(JAR, properties, Map.of(),
                    Path.of("target", "replicas-" + name + ".log"));
            replicas.add(new Replica(name, process, null));
        }
        for (int i = 0; i < replicas.size(); i++) {
            Replica r = replicas.get(i);
            int port = r.process().awaitListening(START).port();
            replicas.set(i, new Replica(r.name(), r.process(), "http://127.0.0.1:" + port));
        }
        // both ready, and the three partitions shared between them
        long deadline = System.nanoTime() + START.toNanos();
        while (true) {
            Set<Integer> a = replicas.get(0).owned();
            Set<Integer> b = replicas.get(1).owned();
            Set<Integer> union = new TreeSet<>(a);
            union.addAll(b);
            if (!a.isEmpty() && !b.isEmpty() && union.equals(Set.of(0, 1, 2)) && a.size() + b.size() == 3) {
                break;
            }
            assertTrue(System.nanoTime() < deadline, "the partitions were not shared: " + a + " / " + b + "\n"
                    + replicas.get(0).process().log() + "\n" + replicas.get(1).process().log());
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stopReplicas() throws Exception {
        for (Replica replica : replicas) {
            replica.process().close();
        }
    }

    @Test
    @Order(1)
    void everyReplicaAnswersForEveryBatchAtOnceAndEachBatchIsListedOnce() throws Exception {
        Map<String, Set<String>> keysByBatch = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            Replica asked = replicas.get(i % 2);
            Replica other = replicas.get((i + 1) % 2);
            String prefix = S3Fixtures.uniquePrefix("replicas-" + i);
            Set<String> keys = S3Fixtures.putRawObjects(prefix, 30);
            Map<String, Object> body = Map.of("sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix,
                    "requestId", "replicas-" + UUID.randomUUID());

            Response accepted = asked.post("/api/batches", body);
            assertEquals(202, accepted.statusCode(), accepted.asString());
            String batchId = accepted.jsonPath().getString("batchId");
            // the very next request, to the other replica, knows it: no 404, no second batch for the same request
            Response seen = other.get("/api/batches/" + batchId);
            assertEquals(200, seen.statusCode(), other.name() + " did not know " + batchId + ": " + seen.asString());
            Response again = other.post("/api/batches", body);
            assertEquals(200, again.statusCode(), again.asString());
            assertEquals(batchId, again.jsonPath().getString("batchId"));
            keysByBatch.put(batchId, keys);
        }

        for (Map.Entry<String, Set<String>> batch : keysByBatch.entrySet()) {
            JsonPath sealed = awaitEnd(replicas.get(0), batch.getKey());
            assertEquals("SEALED", sealed.getString("state"));
            assertEquals(30, sealed.getInt("total"));
            String lister = sealed.getString("listedBy");
            assertTrue(Set.of("replica-a", "replica-b").contains(lister), "listed by " + lister);
            List<Job> jobs = JobsTopic.ofBatch(batch.getKey());
            assertEquals(batch.getValue(), keysOf(jobs), "every object of batch " + batch.getKey());
            assertEquals(30, jobs.size(), "batch " + batch.getKey() + " listed by one replica, once: " + jobs.size()
                    + " job records");
        }

        // both replicas list the same batches in the same states
        Set<String> onA = batchStates(replicas.get(0));
        Set<String> onB = batchStates(replicas.get(1));
        assertEquals(onA, onB);
        for (String batchId : keysByBatch.keySet()) {
            assertTrue(onA.contains(batchId + "=SEALED/30"), batchId + " missing from " + onA);
        }
    }

    @Test
    @Order(2)
    void aCancelAskedOfTheOtherReplicaStopsTheListing() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("replicas-cancel");
        S3Fixtures.putRawObjects(prefix, 600);
        String batchId = replicas.get(0).post("/api/batches", Map.of("sourceBucket", S3Fixtures.RAW_BUCKET,
                "sourcePrefix", prefix)).then().statusCode(202).extract().path("batchId");
        Replica lister = awaitLister(batchId);
        Replica other = replicas.stream().filter(r -> r != lister).findFirst().orElseThrow();

        Response cancelled = given().delete(other.base() + "/api/batches/" + batchId);
        assertEquals(200, cancelled.statusCode(), cancelled.asString());
        assertEquals("CANCELLED", cancelled.jsonPath().getString("state"));
        int queued = cancelled.jsonPath().getInt("queued");
        assertTrue(queued > 0 && queued < 600, "stopped mid-listing: " + queued);

        Thread.sleep(1500); // paced at 100 jobs/s: a listing still running would have published ~150 more
        List<Job> jobs = JobsTopic.ofBatch(batchId);
        assertEquals(queued, keysOf(jobs).size(), "no job after the cancel's answer");
        JsonPath onLister = lister.get("/api/batches/" + batchId).jsonPath();
        assertEquals("CANCELLED", onLister.getString("state"));
        assertEquals(queued, onLister.getInt("published"));
    }

    @Test
    @Order(3)
    void whenTheListingReplicaIsKilledTheOtherResumesWithoutMissingAnObject() throws Exception {
        String prefix = S3Fixtures.uniquePrefix("replicas-kill");
        Set<String> keys = S3Fixtures.putRawObjects(prefix, 800);
        String batchId = replicas.get(0).post("/api/batches", Map.of("sourceBucket", S3Fixtures.RAW_BUCKET,
                "sourcePrefix", prefix)).then().statusCode(202).extract().path("batchId");
        Replica lister = awaitLister(batchId);
        Replica survivor = replicas.stream().filter(r -> r != lister).findFirst().orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (survivor.get("/api/batches/" + batchId).jsonPath().getLong("published") < 100) {
            assertTrue(System.nanoTime() < deadline, "the listing did not get going");
            Thread.sleep(50);
        }

        lister.process().kill(); // no shutdown: its partitions stay its own until its session times out
        JsonPath sealed = awaitEnd(survivor, batchId);

        assertEquals("SEALED", sealed.getString("state"), survivor.process().log());
        assertEquals(survivor.name(), sealed.getString("listedBy"));
        assertEquals(keys.size(), sealed.getInt("total"), "each object counts once");
        List<Job> jobs = JobsTopic.ofBatch(batchId);
        assertEquals(keys, keysOf(jobs), "no object missing, none extra");
        Map<String, Set<String>> idsByKey = new HashMap<>();
        jobs.forEach(job -> idsByKey.computeIfAbsent(job.source().key(), k -> new HashSet<>()).add(job.jobId()));
        assertTrue(idsByKey.values().stream().allMatch(ids -> ids.size() == 1), "a republished job keeps its id");
        assertTrue(survivor.process().log().contains("took nightshift.batch-status partitions"),
                survivor.process().log());
    }

    /** Waits until a checkpoint names the replica listing the batch. */
    private static Replica awaitLister(String batchId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            String lister = replicas.get(0).get("/api/batches/" + batchId).jsonPath().getString("listedBy");
            if (lister != null) {
                return replicas.stream().filter(r -> r.name().equals(lister)).findFirst().orElseThrow();
            }
            assertTrue(System.nanoTime() < deadline, "no replica recorded listing " + batchId);
            Thread.sleep(50);
        }
    }

    private static JsonPath awaitEnd(Replica replica, String batchId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            JsonPath view = replica.get("/api/batches/" + batchId).then().statusCode(200).extract().jsonPath();
            if (!"LISTING".equals(view.getString("state"))) {
                return view;
            }
            assertTrue(System.nanoTime() < deadline, batchId + " still listing on " + replica.name());
            Thread.sleep(100);
        }
    }

    /** Every batch a replica lists, as {@code id=STATE/total}. */
    private static Set<String> batchStates(Replica replica) {
        JsonPath page = replica.get("/api/batches?size=1000").then().statusCode(200).extract().jsonPath();
        Set<String> states = new TreeSet<>();
        List<Map<String, Object>> items = page.getList("items");
        for (Map<String, Object> item : items) {
            states.add(item.get("batchId") + "=" + item.get("state") + "/" + item.get("total"));
        }
        return states;
    }

    private static Set<String> keysOf(List<Job> jobs) {
        Set<String> keys = new TreeSet<>();
        jobs.forEach(job -> keys.add(job.source().key()));
        return keys;
    }
}
