package io.nightshift.dispatcher.rest;

import io.nightshift.dispatcher.testing.Api;
import io.nightshift.dispatcher.testing.JobsTopic;
import io.nightshift.dispatcher.testing.S3Fixtures;
import io.nightshift.protocol.Job;
import io.nightshift.protocol.OutputFormat;
import io.nightshift.protocol.OutputKeys;
import io.nightshift.stack.quarkus.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Listing thousands of objects in pages of 500 (test profile) publishes exactly one job per RAW object. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class BatchListingTest {
    @Test
    void oneJobPerRawObjectWithProtocolOutputKeys() {
        String prefix = S3Fixtures.uniquePrefix("listing");
        String[] rawExtensions = {"NEF", "cr2", "Dng", "ARW", "raf", "RW2"};
        String[] otherExtensions = {"jpg", "xmp", "txt"};
        Map<String, Integer> objects = new LinkedHashMap<>();
        Set<String> raw = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            String folder = prefix + "20" + (10 + i % 7) + "/roll-" + (i % 13) + "/";
            boolean isRaw = i % 5 != 0;
            String key = folder + "IMG_" + i + "." + (isRaw ? rawExtensions[i % rawExtensions.length]
                    : otherExtensions[i % otherExtensions.length]);
            objects.put(key, 0);
            if (isRaw) {
                raw.add(key);
            }
        }
        objects.put(prefix + "README", 0); // no extension
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, objects);

        String batchId = Api.postBatch(Map.of(
                "sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix,
                "outputBucket", S3Fixtures.RESULTS_BUCKET, "outputPrefix", "out", "format", "jpeg"), 202);
        JsonPath sealed = Api.awaitEnd(batchId, Duration.ofMinutes(2));

        assertEquals("SEALED", sealed.getString("state"));
        assertEquals(raw.size(), sealed.getInt("total"));
        assertEquals(raw.size(), sealed.getInt("published"));

        List<Job> jobs = JobsTopic.ofBatch(batchId);
        Map<String, Job> bySource = new TreeMap<>();
        for (Job job : jobs) {
            bySource.put(job.source().key(), job);
        }
        assertEquals(raw, bySource.keySet(), "exactly the RAW objects became jobs");
        assertEquals(raw.size(), jobs.stream().map(Job::jobId).collect(Collectors.toSet()).size(), "one id per object");
        for (Job job : bySource.values()) {
            assertEquals(S3Fixtures.RAW_BUCKET, job.source().bucket());
            assertEquals(S3Fixtures.RESULTS_BUCKET, job.output().bucket());
            assertEquals(OutputKeys.outputKey(prefix, job.source().key(), "out/", OutputFormat.JPEG), job.output().key());
            assertEquals(OutputFormat.JPEG, job.format());
            assertEquals(1, job.attempt());
            assertNull(job.ratio());
        }
        String example = prefix + "2011/roll-1/IMG_1.cr2";
        assertEquals("out/2011/roll-1/IMG_1.cr2.jpg", bySource.get(example).output().key());
    }

    @Test
    void extensionAndSizeFilters() {
        String prefix = S3Fixtures.uniquePrefix("filters");
        Map<String, Integer> objects = new LinkedHashMap<>();
        objects.put(prefix + "small.DNG", 10);
        objects.put(prefix + "medium.dng", 100);
        objects.put(prefix + "large.DNG", 1000);
        objects.put(prefix + "medium.NEF", 100);
        objects.put(prefix + "medium.jpg", 100);
        S3Fixtures.put(S3Fixtures.RAW_BUCKET, objects);

        String batchId = Api.postBatch(Map.of(
                "sourceBucket", S3Fixtures.RAW_BUCKET, "sourcePrefix", prefix,
                "extensions", List.of(".dng"), "minBytes", 50, "maxBytes", 500, "ratio", 100.0), 202);
        JsonPath sealed = Api.awaitEnd(batchId, Duration.ofMinutes(1));

        assertEquals(1, sealed.getInt("total"));
        List<Job> jobs = JobsTopic.ofBatch(batchId);
        assertEquals(List.of(prefix + "medium.dng"), jobs.stream().map(j -> j.source().key()).toList());
        assertEquals(100.0, jobs.get(0).ratio());
        assertEquals(OutputFormat.PNG16, jobs.get(0).format(), "png16 is the default format");
        assertEquals("enhanced/medium.dng.png", jobs.get(0).output().key());
    }
}
