package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.testing.Api;
import io.nightshift.dispatcher.testing.JobsTopic;
import io.nightshift.protocol.Job;
import io.nightshift.stack.LocalStack;
import io.nightshift.stack.StackHome;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uploads as the page makes them, against the real S3 server: signed URLs for a real camera RAW file and a corrupt
 * one, a CORS preflight from another origin answered, the bytes PUT straight to the store (never through the
 * dispatcher), then a batch of the upload's prefix with the upload id as request id; and the 400s that keep
 * anything but RAW file names out of the store.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class UploadApiTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void filesPutToTheSignedUrlsBecomeABatch() throws Exception {
        byte[] raw = Files.readAllBytes(StackHome.locate().shared().resolve("raw-samples/RAW_NIKON_D1.NEF"));
        byte[] corrupt = new byte[4096];
        new Random(3).nextBytes(corrupt);
        Map<String, byte[]> files = Map.of("RAW_NIKON_D1.NEF", raw, "night shot é.nef", corrupt);

        JsonPath upload = given().contentType(ContentType.JSON)
                .body(Map.of("files", files.entrySet().stream()
                        .map(f -> Map.of("name", f.getKey(), "size", f.getValue().length)).toList()))
                .when().post("/api/uploads")
                .then().statusCode(201).extract().jsonPath();
        String uploadId = upload.getString("uploadId");
        String prefix = upload.getString("sourcePrefix");
        assertTrue(uploadId.matches("u-[0-9a-f]{24}"), uploadId);
        assertEquals("uploads/" + uploadId + "/", prefix);
        assertEquals("nightshift-raw", upload.getString("sourceBucket"));

        List<Map<String, String>> targets = upload.getList("files");
        assertEquals(2, targets.size());
        for (Map<String, String> target : targets) {
            URI url = URI.create(target.get("url"));
            assertEquals(URI.create(LocalStack.shared().config().s3Endpoint()).getPort(), url.getPort(),
                    "signed for the store itself, not the dispatcher");
            // the browser's preflight from the page's origin
            HttpResponse<Void> preflight = HTTP.send(HttpRequest.newBuilder(url)
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://127.0.0.1:8080")
                    .header("Access-Control-Request-Method", "PUT")
                    .build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(200, preflight.statusCode(), "preflight " + preflight.headers().map());
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Origin").isPresent(),
                    preflight.headers().map().toString());
            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(url)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(files.get(target.get("name")))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, put.statusCode(), put.body());
            assertEquals(prefix + target.get("name"), target.get("key"));
        }
        try (MinioClient s3 = LocalStack.shared().newS3Client();
             InputStream stored = s3.getObject(GetObjectArgs.builder().bucket("nightshift-raw")
                     .object(prefix + "RAW_NIKON_D1.NEF").build())) {
            assertArrayEquals(raw, stored.readAllBytes(), "the bytes the browser sent");
        }

        Map<String, Object> batch = Map.of("sourceBucket", "nightshift-raw", "sourcePrefix", prefix,
                "requestId", uploadId, "maxBytes", upload.getLong("maxBytes"));
        String batchId = Api.postBatch(batch, 202);
        assertEquals(batchId, Api.postBatch(batch, 200), "the same upload names the same batch");
        assertEquals(2, Api.awaitEnd(batchId, Duration.ofMinutes(1)).getInt("total"));
        Set<String> keys = JobsTopic.ofBatch(batchId).stream().map(job -> job.source().key())
                .collect(Collectors.toSet());
        assertEquals(Set.of(prefix + "RAW_NIKON_D1.NEF", prefix + "night shot é.nef"), keys);
    }

    @Test
    void onlyRawFileNamesOfAcceptedSizesAreSigned() {
        record Case(List<Map<String, Object>> files, String field) {
        }
        for (Case c : List.of(
                new Case(List.of(), "files"),
                new Case(List.of(Map.of("name", "../escape.NEF", "size", 10)), "files[0].name"),
                new Case(List.of(Map.of("name", "a/b.NEF", "size", 10)), "files[0].name"),
                new Case(List.of(Map.of("name", "notes.txt", "size", 10)), "files[0].name"),
                new Case(List.of(Map.of("name", ".NEF", "size", 10)), "files[0].name"),
                new Case(List.of(Map.of("name", "ok.NEF", "size", 10), Map.of("name", "ok.NEF", "size", 10)),
                        "files[1].name"),
                new Case(List.of(Map.of("name", "empty.NEF", "size", 0)), "files[0].size"),
                new Case(List.of(Map.of("name", "huge.NEF", "size", 536_870_913L)), "files[0].size"))) {
            given().contentType(ContentType.JSON).body(Map.of("files", c.files()))
                    .when().post("/api/uploads")
                    .then().statusCode(400).body("fields[0].field", is(c.field()));
        }
    }
}
